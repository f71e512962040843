// The ZooKeeper tree: every znode the observatory sees, with its version and, for ephemeral
// nodes, the owning session and the broker it belongs to; the selected node's data and stat.
import { useMemo, useState } from 'preact/hooks';
import { html } from './html.js';

const INITIALLY_OPEN = ['/', '/brokers', '/brokers/ids'];

function childPath(parent, name) {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

function nameOf(path) {
  return path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1);
}

function isEphemeral(node) {
  return node.stat.ephemeralOwner !== '0x0' && node.stat.ephemeralOwner !== '0' && node.stat.ephemeralOwner !== '';
}

/** parent path → names of the known znodes under it (so the tree holds even where a parent is missing). */
function childIndex(znodes) {
  const index = new Map();
  for (const path of znodes.keys()) {
    if (path === '/') continue;
    const i = path.lastIndexOf('/');
    const parent = i <= 0 ? '/' : path.slice(0, i);
    if (!index.has(parent)) index.set(parent, new Set());
    index.get(parent).add(path.slice(i + 1));
  }
  return index;
}

function byName(a, b) {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A znode's children: its own list plus any known znode under it (a push may be ahead). */
function childrenOf(index, path, node) {
  const names = new Set(node ? node.children : []);
  for (const name of index.get(path) ?? []) names.add(name);
  return [...names].sort(byName);
}

function TreeNode({ path, znodes, index, open, toggle, selected, select }) {
  const node = znodes.get(path);
  const children = childrenOf(index, path, node);
  const expanded = open.has(path);
  const ephemeral = node && isEphemeral(node);
  return html`<li data-path=${path} class=${node ? '' : 'unknown'}>
    <div class=${`node${selected === path ? ' selected' : ''}`}>
      <button type="button" class="twisty" aria-label=${expanded ? 'collapse' : 'expand'} aria-expanded=${expanded} disabled=${children.length === 0} onClick=${() => toggle(path)}>
        ${children.length === 0 ? '·' : expanded ? '▾' : '▸'}
      </button>
      <button type="button" class="name" onClick=${() => select(path)} title=${path}>${nameOf(path)}</button>
      ${node && html`<span class="zmeta">v${node.stat.version}</span>`}
      ${children.length > 0 && html`<span class="zmeta">${children.length} child${children.length === 1 ? '' : 'ren'}</span>`}
      ${ephemeral && html`<span class="badge ephemeral" title="ephemeral: deleted when this ZooKeeper session ends">ephemeral ${node.stat.ephemeralOwner}</span>`}
      ${ephemeral && node.ownerBroker !== null && node.ownerBroker !== undefined && html`<span class="badge owner" title=${`the ZooKeeper session of broker ${node.ownerBroker}'s registration`}>broker ${node.ownerBroker}</span>`}
    </div>
    ${expanded &&
    children.length > 0 &&
    html`<ul>
      ${children.map((c) => {
        const p = childPath(path, c);
        return html`<${TreeNode} key=${p} path=${p} znodes=${znodes} index=${index} open=${open} toggle=${toggle} selected=${selected} select=${select} />`;
      })}
    </ul>`}
  </li>`;
}

function pretty(node) {
  if (node.json !== null && node.json !== undefined) return JSON.stringify(node.json, null, 2);
  return node.data ?? '(no data)';
}

function StatTable({ stat }) {
  const rows = [
    ['version', stat.version],
    ['cversion', stat.cversion],
    ['czxid', stat.czxid],
    ['mzxid', stat.mzxid],
    ['ctime', stat.ctime ? new Date(stat.ctime).toISOString() : '–'],
    ['mtime', stat.mtime ? new Date(stat.mtime).toISOString() : '–'],
    ['ephemeralOwner', stat.ephemeralOwner],
    ['dataLength', stat.dataLength],
    ['numChildren', stat.numChildren],
  ];
  return html`<table class="stat">
    <tbody>${rows.map(([k, v]) => html`<tr><th>${k}</th><td class="mono">${String(v)}</td></tr>`)}</tbody>
  </table>`;
}

function Details({ path, node }) {
  if (path === null) return html`<div class="znode-details"><p class="empty">Select a znode to see its data and stat.</p></div>`;
  if (!node) return html`<div class="znode-details"><h3 class="mono">${path}</h3><p class="empty">Not known (deleted, or not read yet).</p></div>`;
  return html`<div class="znode-details" data-path=${path}>
    <h3 class="mono">${path}</h3>
    ${isEphemeral(node) && html`<p class="owner-line">Ephemeral, owned by session <span class="mono">${node.stat.ephemeralOwner}</span>${node.ownerBroker !== null && node.ownerBroker !== undefined ? `, the session of broker ${node.ownerBroker}` : ''}.</p>`}
    <pre id="znode-data">${pretty(node)}</pre>
    <${StatTable} stat=${node.stat} />
  </div>`;
}

export function ZkTree({ znodes }) {
  const [open, setOpen] = useState(() => new Set(INITIALLY_OPEN));
  const [selected, setSelected] = useState(null);
  const index = useMemo(() => childIndex(znodes), [znodes]);
  const toggle = (path) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  return html`
    <section class="panel" id="zookeeper">
      <h2>ZooKeeper <span class="count">${znodes.size} znodes</span></h2>
      <div class="zk-split">
        <ul id="zk-tree" class="tree">
          ${znodes.size === 0 ? html`<li class="empty">No znodes yet.</li>` : html`<${TreeNode} path="/" znodes=${znodes} index=${index} open=${open} toggle=${toggle} selected=${selected} select=${setSelected} />`}
        </ul>
        <${Details} path=${selected} node=${selected === null ? null : znodes.get(selected)} />
      </div>
    </section>
  `;
}
