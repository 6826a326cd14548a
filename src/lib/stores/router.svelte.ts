import { formatRoute, parseRoute, type Route } from '../routes.ts';

/** Hash routing, so a reload or the installed app's start URL lands on the same screen. */
class RouterStore {
  route = $state<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window !== 'undefined')
      window.addEventListener('hashchange', () => (this.route = parseRoute(location.hash)));
  }

  go(route: Route): void {
    this.route = route;
    const hash = formatRoute(route);
    if (location.hash !== hash) history.pushState(null, '', hash);
  }
}

/** The one router. */
export const router = new RouterStore();
