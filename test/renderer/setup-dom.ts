// jsdom has no layout: every element measures 0×0, so a virtual list would show no rows. Give
// elements a desktop-sized box, and the scrolling calls the virtual lists make.
import { configure } from '@testing-library/react';

export function installDomShims(): void {
  // The machine that runs the tests is shared with builds and benchmarks: wait longer than 1 s.
  configure({ asyncUtilTimeout: 5000 });
  if (typeof Element.prototype.scrollTo !== 'function') Element.prototype.scrollTo = function scrollTo() {};
  if (typeof Element.prototype.scrollIntoView !== 'function') Element.prototype.scrollIntoView = function scrollIntoView() {};
  for (const [name, value] of [['offsetHeight', 600], ['offsetWidth', 1000], ['clientHeight', 600], ['clientWidth', 1000]] as const) {
    Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => value });
  }
}
