// htm bound to preact's h: tagged templates instead of JSX, so the page needs no build step.
// Text goes in as text nodes and attribute values as properties: nothing is ever parsed as HTML.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
