import { useEffect, useState } from 'react';
import { parseRoute, type Route } from '../lib/route';
import { HomePage } from '../features/home/HomePage';
import { LibraryPage } from '../features/library/LibraryPage';
import { BoardPage } from '../features/board/BoardPage';

function currentRoute(): Route {
  return parseRoute(window.location.pathname, window.location.hash);
}

export function App() {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('popstate', update);
    window.addEventListener('hashchange', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('hashchange', update);
    };
  }, []);
  if (route.page === 'board') return <BoardPage boardId={route.boardId} token={route.token} />;
  if (route.page === 'library') return <LibraryPage />;
  return <HomePage />;
}
