// Minimal Janus (1.1.x) HTTP API client, plain ES module, used both in the browser page and in
// Node 20 (global fetch). Every request and response is appended to `transcript` so that the
// exact observed JSON can be dumped (see ../PROTOCOL.md).
//
//   const s = await JanusSession.create('http://127.0.0.1:8088/janus');
//   const h = await s.attach('janus.plugin.videoroom');
//   const r = await h.request({ request: 'create', ... });       // synchronous plugin request
//   const ev = await h.message({ request: 'join', ... }, jsep);   // async: waits for the event
//   s.destroy();

let txCounter = 0;
const newTx = () => `tx${Date.now().toString(36)}${(txCounter++).toString(36)}`;

export class JanusSession {
  constructor(base, id, transcript) {
    this.base = base; // e.g. http://127.0.0.1:8088/janus
    this.id = id;
    this.transcript = transcript;
    this.handles = new Map(); // handle id -> JanusHandle
    this.waiters = new Map(); // transaction -> resolve (async plugin events carry the transaction)
    this.closed = false;
    this.keepaliveTimer = null;
  }

  static async create(base, transcript = []) {
    const res = await post(base, { janus: 'create', transaction: newTx() }, transcript);
    if (res.janus !== 'success') throw new Error(`create failed: ${JSON.stringify(res)}`);
    const s = new JanusSession(base, res.data.id, transcript);
    s.pollLoop();
    return s;
  }

  get url() {
    return `${this.base}/${this.id}`;
  }

  async attach(plugin) {
    const res = await post(this.url, { janus: 'attach', plugin, transaction: newTx() }, this.transcript);
    if (res.janus !== 'success') throw new Error(`attach failed: ${JSON.stringify(res)}`);
    const h = new JanusHandle(this, res.data.id);
    this.handles.set(h.id, h);
    return h;
  }

  // Explicit keepalive (POST {"janus":"keepalive"} -> {"janus":"ack"}). The long poll below also
  // counts as activity, but a client without a long poll must send this at least every 60 s.
  async keepalive() {
    return post(this.url, { janus: 'keepalive', transaction: newTx() }, this.transcript);
  }

  startKeepalive(ms = 25000) {
    this.keepaliveTimer = setInterval(() => this.keepalive().catch(() => {}), ms);
  }

  // Long poll: GET /janus/<session>?maxev=10 returns one event object or an array of events,
  // or {"janus":"keepalive"} after ~30 s without events.
  async pollLoop() {
    while (!this.closed) {
      let evs;
      try {
        const r = await fetch(`${this.url}?maxev=10&rid=${Date.now()}`);
        evs = await r.json();
      } catch (e) {
        if (this.closed) return;
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      if (!Array.isArray(evs)) evs = [evs];
      for (const ev of evs) {
        if (ev.janus === 'keepalive') continue;
        this.transcript.push({ t: Date.now(), dir: 'event', url: `GET ${this.url}`, body: ev });
        if (ev.transaction && this.waiters.has(ev.transaction)) {
          const resolve = this.waiters.get(ev.transaction);
          this.waiters.delete(ev.transaction);
          resolve(ev);
        }
        const h = this.handles.get(ev.sender);
        if (h) h.onEvent(ev);
      }
    }
  }

  async destroy() {
    clearInterval(this.keepaliveTimer);
    this.closed = true; // stop the long poll (a GET after destroy gets 458 "No such session")
    return post(this.url, { janus: 'destroy', transaction: newTx() }, this.transcript);
  }
}

export class JanusHandle {
  constructor(session, id) {
    this.session = session;
    this.id = id;
    this.events = []; // all async events for this handle (webrtcup, media, hangup, plugin events)
    this.listeners = [];
  }

  get url() {
    return `${this.session.url}/${this.id}`;
  }

  onEvent(ev) {
    this.events.push(ev);
    for (const l of this.listeners) l(ev);
  }

  waitFor(pred, timeoutMs = 10000) {
    const hit = this.events.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('timeout waiting for event')), timeoutMs);
      const l = (ev) => {
        if (pred(ev)) {
          clearTimeout(t);
          this.listeners = this.listeners.filter((x) => x !== l);
          resolve(ev);
        }
      };
      this.listeners.push(l);
    });
  }

  // Synchronous plugin requests (create, destroy, exists, list, listparticipants, ...) are
  // answered directly in the POST response as {"janus":"success","plugindata":{...}}.
  async request(body) {
    const res = await post(this.url, { janus: 'message', transaction: newTx(), body }, this.transcript);
    if (res.janus !== 'success') throw new Error(`request failed: ${JSON.stringify(res)}`);
    return res.plugindata.data;
  }

  // Asynchronous plugin requests (join, publish, configure, start, leave, ...): the POST answers
  // {"janus":"ack"}, the result arrives on the long poll as {"janus":"event", "transaction": same}.
  async message(body, jsep, timeoutMs = 10000) {
    const transaction = newTx();
    const req = { janus: 'message', transaction, body };
    if (jsep) req.jsep = jsep;
    const waiter = new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timeout waiting for ${body.request} event`)), timeoutMs);
      this.session.waiters.set(transaction, (ev) => {
        clearTimeout(t);
        resolve(ev);
      });
    });
    const res = await post(this.url, req, this.transcript);
    if (res.janus === 'error') throw new Error(`${body.request}: ${JSON.stringify(res)}`);
    if (res.janus === 'success') return res; // answered synchronously after all
    const ev = await waiter;
    const data = ev.plugindata && ev.plugindata.data;
    if (data && data.error) throw new Error(`${body.request}: ${data.error_code} ${data.error}`);
    return ev;
  }

  // Trickle one candidate ({candidate, sdpMid, sdpMLineIndex}) or the end marker
  // ({"completed": true}); `candidates` (array) is accepted too.
  async trickle(candidate) {
    return post(this.url, { janus: 'trickle', transaction: newTx(), candidate }, this.transcript);
  }

  async detach() {
    return post(this.url, { janus: 'detach', transaction: newTx() }, this.transcript);
  }

  get transcript() {
    return this.session.transcript;
  }
}

async function post(url, body, transcript) {
  transcript.push({ t: Date.now(), dir: 'request', url: `POST ${url}`, body });
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const res = await r.json();
  transcript.push({ t: Date.now(), dir: 'response', url: `POST ${url}`, status: r.status, body: res });
  return res;
}
