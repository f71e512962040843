// Brokers: registration (from /brokers/ids), liveness, the controller, and, for clusters the
// observatory started, fault buttons that say what Kafka will do next.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { fetchFaultOptions, postFault } from './api.js';

const FAULTS = [
  { action: 'kill', label: 'kill -9' },
  { action: 'pause', label: 'pause' },
  { action: 'resume', label: 'resume' },
  { action: 'shutdown', label: 'controlled shutdown' },
  { action: 'restart', label: 'restart' },
  { action: 'expire-session', label: 'expire session' },
];

const LABELS = Object.fromEntries(FAULTS.map((f) => [f.action, f.label]));

/** Refetching the expectations on hover/focus at most this often. */
const REFRESH_MS = 1500;

function FaultButtons({ broker, outcome, setOutcome }) {
  // action → expect text, from GET api/faults?broker=N; null until fetched.
  const [options, setOptions] = useState(null);
  const lastFetch = useRef(0);

  const refresh = useCallback(() => {
    const now = Date.now();
    if (now - lastFetch.current < REFRESH_MS) return;
    lastFetch.current = now;
    fetchFaultOptions(broker.id).then(
      (answer) => {
        const expects = {};
        for (const a of answer?.actions ?? []) expects[a.action] = a.expect;
        setOptions({ enabled: answer?.enabled !== false, expects, error: null });
      },
      (error) => setOptions({ enabled: false, expects: {}, error: error.message }),
    );
  }, [broker.id]);

  // What a fault does depends on the broker's state: ask again when that changes.
  useEffect(() => {
    lastFetch.current = 0;
    refresh();
  }, [refresh, broker.alive, broker.epoch, broker.session]);

  const press = (action) => {
    const expected = options?.expects?.[action] ?? null;
    setOutcome({ action, expected, pending: true });
    postFault(action, broker.id).then(
      (response) => {
        setOutcome({ action, expected, pending: false, response });
        lastFetch.current = 0;
        refresh();
      },
      (error) => setOutcome({ action, expected, pending: false, error: error.message }),
    );
  };

  const offered = (action) => options === null || (options.enabled && (Object.keys(options.expects).length === 0 || action in options.expects));

  return html`
    <div class="faults" onMouseEnter=${refresh} onFocusIn=${refresh}>
      <div class="fault-buttons">
        ${FAULTS.map(
          (f) => html`<button
            type="button"
            class=${`fault fault-${f.action}`}
            data-action=${f.action}
            data-broker=${broker.id}
            title=${options?.expects?.[f.action] ?? (options?.error ? `Cannot ask the observatory: ${options.error}` : 'Asking the observatory what Kafka will do…')}
            disabled=${!offered(f.action) || outcome?.pending}
            onClick=${() => press(f.action)}
          >${f.label}</button>`,
        )}
      </div>
    </div>
  `;
}

/** The line under a broker's row after a fault button was pressed: what Kafka will do next. */
function FaultOutcome({ broker, outcome }) {
  const { action, expected, pending, response, error } = outcome;
  const said = response?.expect;
  return html`
    <div class=${`fault-confirm${error ? ' failed' : ''}`} data-broker=${broker} data-action=${action} role="status">
      <strong>${LABELS[action]} broker ${broker}</strong>
      ${pending ? ' — sending…' : error ? ` — refused: ${error}` : ' — done.'}
      ${expected && html`<div class="expect"><span class="label">Kafka will</span> ${expected}</div>`}
      ${said && said !== expected && html`<div class="expect"><span class="label">Observatory</span> ${said}</div>`}
    </div>
  `;
}

function Endpoints({ endpoints, host, port }) {
  const list = endpoints && endpoints.length > 0 ? endpoints : [{ listener: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host, port }];
  return html`<ul class="endpoints">
    ${list.map(
      (e) => html`<li title=${`security protocol ${e.securityProtocol}`}>
        <span class="listener">${e.listener}</span>://${e.host}:${e.port}
      </li>`,
    )}
  </ul>`;
}

export function Brokers({ state }) {
  // broker id → the last fault pressed on it and how it went.
  const [outcomes, setOutcomes] = useState({});
  const brokers = [...state.brokers].sort((a, b) => a.id - b.id);
  const faults = state.target.faultsEnabled;
  const leads = {};
  const hosts = {};
  for (const p of state.partitions) {
    if (p.leader >= 0) leads[p.leader] = (leads[p.leader] ?? 0) + 1;
    for (const r of p.replicas) hosts[r] = (hosts[r] ?? 0) + 1;
  }
  return html`
    <section class="panel" id="brokers-panel">
      <h2>Brokers <span class="count">${brokers.filter((b) => b.alive).length} of ${brokers.length} registered</span></h2>
      <table id="brokers" class="grid">
        <thead>
          <tr>
            <th>id</th>
            <th>endpoints</th>
            <th>rack</th>
            <th title="czxid of /brokers/ids/<id>: the broker epoch the controller fences with">broker epoch</th>
            <th>status</th>
            <th title="the ZooKeeper session that owns the ephemeral registration">session</th>
            <th title="partitions it leads / replicas it hosts">leads / hosts</th>
            ${faults && html`<th>faults</th>`}
          </tr>
        </thead>
        <tbody>
          ${brokers.map(
            (b) => html`<tr key=${b.id} data-broker=${b.id} class=${b.alive ? 'alive' : 'dead'}>
              <td data-field="id" class="num">
                ${b.id} ${b.id === state.controller.brokerId && html`<span class="badge controller" title=${`controller, epoch ${state.controller.epoch}`}>controller</span>`}
              </td>
              <td data-field="endpoints"><${Endpoints} endpoints=${b.endpoints} host=${b.host} port=${b.port} /></td>
              <td data-field="rack">${b.rack ?? '–'}</td>
              <td data-field="epoch" class="num">${b.epoch >= 0 ? b.epoch : '–'}</td>
              <td data-field="alive"><span class=${`pill ${b.alive ? 'ok' : 'bad'}`}>${b.alive ? 'alive' : 'dead'}</span></td>
              <td data-field="session" class="mono">${b.session ?? '–'}</td>
              <td data-field="load" class="num">${leads[b.id] ?? 0} / ${hosts[b.id] ?? 0}</td>
              ${faults && html`<td data-field="faults"><${FaultButtons} broker=${b} outcome=${outcomes[b.id]} setOutcome=${(o) => setOutcomes((prev) => ({ ...prev, [b.id]: o }))} /></td>`}
            </tr>
            ${faults &&
            outcomes[b.id] &&
            html`<tr key=${`confirm-${b.id}`} class="confirm-row" data-confirm-for=${b.id}>
              <td></td>
              <td colspan="7"><${FaultOutcome} broker=${b.id} outcome=${outcomes[b.id]} /></td>
            </tr>`}`,
          )}
        </tbody>
      </table>
    </section>
  `;
}
