/** Screens of the app; stage screens belong to the open project. */
export type Route =
  | { screen: 'projects' }
  | { screen: 'new-project' }
  | { screen: 'scope' }
  | { screen: 'data' }
  | { screen: 'label' }
  | { screen: 'profile' }
  | { screen: 'train' }
  | { screen: 'diagnostics' };

function parse(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  if (path === 'projects/new') return { screen: 'new-project' };
  if (path === 'scope') return { screen: 'scope' };
  if (path === 'data') return { screen: 'data' };
  if (path === 'label') return { screen: 'label' };
  if (path === 'profile') return { screen: 'profile' };
  if (path === 'train') return { screen: 'train' };
  if (path === 'diagnostics') return { screen: 'diagnostics' };
  return { screen: 'projects' };
}

function format(route: Route): string {
  return route.screen === 'new-project' ? '#/projects/new' : `#/${route.screen}`;
}

/** Hash routing, so a reload or the installed app's start URL lands on the same screen. */
class RouterStore {
  route = $state<Route>(parse(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window !== 'undefined')
      window.addEventListener('hashchange', () => (this.route = parse(location.hash)));
  }

  go(route: Route): void {
    this.route = route;
    const hash = format(route);
    if (location.hash !== hash) history.pushState(null, '', hash);
  }
}

/** The one router. */
export const router = new RouterStore();
