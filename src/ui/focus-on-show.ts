/**
 * Focus for what a command is about to show. A command whose button goes away
 * once it is done (`Close volume`: the new volume is empty, so there is nothing
 * to close) would otherwise leave focus on the page's body, and a keyboard or
 * screen reader user would start again from the top. It asks for focus on the
 * element with `id` (focusWhenShown): now when it is on the page, or when it is
 * added, by the ref callback `takeFocusIfAsked` of that element.
 */

let pending: string | null = null;

export function focusWhenShown(id: string): void {
  const shown = document.getElementById(id);
  if (shown === null) {
    pending = id;
    return;
  }
  pending = null;
  shown.focus();
}

/** A ref callback: focuses the element when focus was asked for it before it was shown. */
export function takeFocusIfAsked(el: HTMLElement | null): void {
  if (el === null || pending === null || el.id !== pending) return;
  pending = null;
  el.focus();
}
