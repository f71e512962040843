// The header: what the observatory watches, where its events come from, the controller, and the
// live connection.
import { html } from './html.js';

const CONNECTION_TEXT = { connecting: 'connecting…', live: 'live', closed: 'disconnected, reconnecting…' };

export function Header({ state, connection }) {
  const controller = state?.controller;
  const target = state?.target;
  return html`
    <header class="top">
      <div class="brand">
        <h1>Kafka control-plane observatory</h1>
        <span class="sub">ZooKeeper-mode Kafka 2.4</span>
      </div>
      <dl class="facts">
        <div>
          <dt>ZooKeeper</dt>
          <dd id="target-zookeeper" class="mono">${target?.zookeeper ?? '…'}</dd>
        </div>
        <div>
          <dt>bootstrap</dt>
          <dd id="target-bootstrap" class="mono">${target ? target.bootstrapServers.join(', ') || '–' : '…'}</dd>
        </div>
        <div>
          <dt>events</dt>
          <dd>
            <span id="event-source" class=${`pill source-${state?.eventSource ?? 'unknown'}`} title=${state?.eventSource === 'broker-reported' ? "the brokers report their state changes (the same facts as their state-change.log)" : 'inferred from znode changes (a broker that does not report events, e.g. Apache Kafka)'}>
              ${state?.eventSource ?? '…'}
            </span>
          </dd>
        </div>
        <div>
          <dt>controller</dt>
          <dd id="controller" data-broker=${controller?.brokerId} data-epoch=${controller?.epoch}>
            ${controller === undefined
              ? '…'
              : controller.brokerId >= 0
                ? html`broker <strong>${controller.brokerId}</strong>, epoch <strong>${controller.epoch}</strong> <span class="muted" title="/controller_epoch's zkVersion: every controller write is fenced on it">(zkVersion ${controller.epochZkVersion})</span>`
                : html`<span class="pill bad">none</span> epoch ${controller.epoch}`}
          </dd>
        </div>
        ${target?.lab && html`<div><dt>lab</dt><dd><span class="pill warn">${target.lab}</span></dd></div>`}
      </dl>
      <div id="connection" class=${`connection ${connection}`} data-status=${connection} role="status">
        <span class="dot"></span>${CONNECTION_TEXT[connection] ?? connection}
      </div>
    </header>
  `;
}
