/**
 * `<aipbx-call>` for React 19's JSX. The widget declares the tag for the DOM
 * (`HTMLElementTagNameMap`) and its events (`HTMLElementEventMap`); React's JSX needs its own entry.
 *
 * React 19 sets a prop on a custom element as a property when the element has one (`server`,
 * `label`, `iceServers`…), as an attribute otherwise (`assistant-id`), and adds an event listener
 * for a function prop named `on` + the event's name (`onaipbx-call-end` listens to
 * `aipbx-call-end`). The listener props below take their event types from `HTMLElementEventMap`,
 * so `event.detail` is typed by the widget itself.
 */
import type { AipbxCall } from '@aipbx/widget';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

/** The events `<aipbx-call>` fires. Each must be in the widget's `HTMLElementEventMap`. */
export type AipbxCallEventName =
  | 'aipbx-state-change'
  | 'aipbx-call-start'
  | 'aipbx-call-end'
  | 'aipbx-error'
  | 'aipbx-quality-warning';

/** One listener prop per event: `onaipbx-state-change={(event) => event.detail.to}`. */
export type AipbxCallEventProps = {
  [K in AipbxCallEventName as `on${K}`]?: (event: HTMLElementEventMap[K]) => void;
};

/** What JSX accepts on `<aipbx-call>`: React's usual props and `ref`, the element's own, its events. */
export type AipbxCallProps = DetailedHTMLProps<HTMLAttributes<AipbxCall>, AipbxCall> &
  Partial<Pick<AipbxCall, 'server' | 'target' | 'user' | 'label' | 'placement' | 'iceServers'>> & {
    /**
     * The `assistantId` property's attribute. Given as the attribute, it works even if React
     * renders the tag before the element is defined.
     */
    'assistant-id'?: AipbxCall['assistantId'];
  } & AipbxCallEventProps;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'aipbx-call': AipbxCallProps;
    }
  }
}
