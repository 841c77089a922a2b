//! A fake runtime for the async layer's tests: time moves only when a test says so, and
//! connections go to an in-memory server that answers the handshake and every request with
//! SUCCESS unless told otherwise.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use futures::channel::{mpsc, oneshot};
use futures::executor::LocalSpawner;
use futures::task::LocalSpawnExt;
use futures::StreamExt;

use crate::bolt::message::signature::{FAILURE, IGNORED, PULL, RESET, RUN, SUCCESS};
use crate::bolt::{chunk, Dechunker};
use crate::packstream::{Dialect, Encoder, Value};
use crate::runtime::{Clock, LocalFuture, Opened, Runtime, Security, Transport, TransportEvent};
use crate::Error;

/// A runtime whose clock is advanced by hand; connections reach [`serve`].
pub(crate) struct FakeRuntime {
    now: Cell<Duration>,
    sleepers: RefCell<Vec<(Duration, oneshot::Sender<()>)>>,
    spawner: LocalSpawner,
    /// How many connections were opened.
    pub(crate) opened: Cell<usize>,
    /// Connections to these addresses are refused.
    pub(crate) refuse: RefCell<Vec<String>>,
    /// How the in-memory server behaves.
    pub(crate) server: Cell<ServerBehaviour>,
    /// The signature of every message the server received, in order.
    pub(crate) received: Rc<RefCell<Vec<u8>>>,
    /// How many connections the client closed.
    pub(crate) closed: Rc<Cell<usize>>,
    /// Answers chosen by the test, by server address and message signature (`None`: the
    /// default SUCCESS).
    pub(crate) answer: RefCell<Option<Answer>>,
}

/// A scripted server message: its tag and its metadata.
pub(crate) type Reply = (u8, Vec<(String, Value)>);

/// How a test scripts the servers: `(address, signature)` to the reply.
pub(crate) type Answer = Rc<dyn Fn(&str, u8) -> Option<Reply>>;

/// What the in-memory server does after the handshake.
#[derive(Clone, Copy)]
pub(crate) struct ServerBehaviour {
    /// The `connection.recv_timeout_seconds` hint in HELLO's answer.
    pub(crate) recv_timeout_hint: Option<i64>,
    /// Messages answered before the server goes silent (`None`: all).
    pub(crate) answers: Option<usize>,
    /// RUN is answered with a FAILURE with this code.
    pub(crate) fail_run_with: Option<&'static str>,
    /// The minor version of the Bolt 5 the server agrees on.
    pub(crate) minor: u8,
    /// PULL is not answered, as if its query ran on and on, until RESET interrupts it: the
    /// PULL is then IGNORED and RESET answered.
    pub(crate) pull_runs_until_reset: bool,
}

impl Default for ServerBehaviour {
    /// Every message answered, on Bolt 5.4.
    fn default() -> Self {
        ServerBehaviour {
            recv_timeout_hint: None,
            answers: None,
            fail_run_with: None,
            minor: 4,
            pull_runs_until_reset: false,
        }
    }
}

impl FakeRuntime {
    /// A runtime whose tasks go to `spawner`, its clock at 1000 s, its server answering
    /// everything on Bolt 5.4.
    pub(crate) fn new(spawner: LocalSpawner) -> Self {
        FakeRuntime {
            now: Cell::new(Duration::from_secs(1000)),
            sleepers: RefCell::new(Vec::new()),
            spawner,
            opened: Cell::new(0),
            refuse: RefCell::new(Vec::new()),
            server: Cell::new(ServerBehaviour::default()),
            received: Rc::new(RefCell::new(Vec::new())),
            closed: Rc::new(Cell::new(0)),
            answer: RefCell::new(None),
        }
    }

    /// Moves the clock and wakes the sleepers whose time has come.
    pub(crate) fn advance(&self, by: Duration) {
        self.now.set(self.now.get() + by);
        let now = self.now.get();
        self.sleepers
            .borrow_mut()
            .retain_mut(|(until, _)| *until > now);
        // Dropped senders above wake their sleepers (see `sleep`).
    }
}

impl Clock for FakeRuntime {
    fn now(&self) -> Duration {
        self.now.get()
    }
}

impl Runtime for FakeRuntime {
    fn sleep(&self, duration: Duration) -> LocalFuture<'static, ()> {
        let (tx, rx) = oneshot::channel();
        self.sleepers
            .borrow_mut()
            .push((self.now.get() + duration, tx));
        Box::pin(async move {
            let _ = rx.await;
        })
    }

    fn spawn(&self, task: LocalFuture<'static, ()>) {
        self.spawner.spawn_local(task).expect("spawn");
    }

    fn connect(
        &self,
        address: &str,
        _security: &Security,
    ) -> LocalFuture<'static, Result<Opened, Error>> {
        if self.refuse.borrow().iter().any(|a| a == address) {
            let address = address.to_string();
            return Box::pin(async move {
                Err(Error::ServiceUnavailable(
                    format!("refused: {address}").into(),
                ))
            });
        }
        self.opened.set(self.opened.get() + 1);
        let (to_server, from_client) = mpsc::unbounded();
        let (to_client, from_server) = mpsc::unbounded();
        self.spawner
            .spawn_local(serve(
                from_client,
                to_client,
                self.server.get(),
                self.received.clone(),
                self.closed.clone(),
                self.answer
                    .borrow()
                    .clone()
                    .map(|answer| (address.to_owned(), answer)),
            ))
            .expect("spawn");
        let transport: Box<dyn Transport> = Box::new(MemoryTransport(to_server));
        Box::pin(async move { Ok((transport, from_server)) })
    }
}

/// The client's end of a connection to [`serve`].
struct MemoryTransport(mpsc::UnboundedSender<Vec<u8>>);

impl Transport for MemoryTransport {
    fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.0
            .unbounded_send(bytes.to_vec())
            .map_err(|_| "closed".to_string())
    }

    fn close(&mut self) {
        self.0.close_channel();
    }
}

/// A server that agrees on Bolt 5.x (5.4 unless told otherwise) and answers messages with
/// SUCCESS, as `behaviour` says, or as the test's `answer` says for the server at its address.
async fn serve(
    mut input: mpsc::UnboundedReceiver<Vec<u8>>,
    output: mpsc::UnboundedSender<TransportEvent>,
    behaviour: ServerBehaviour,
    received: Rc<RefCell<Vec<u8>>>,
    closed: Rc<Cell<usize>>,
    answer: Option<(String, Answer)>,
) {
    let Some(_hello) = input.next().await else {
        return;
    };
    let _ = output.unbounded_send(TransportEvent::Data(vec![0, 0, behaviour.minor, 5]));
    let mut dechunker = Dechunker::new();
    let mut answered = 0;
    let mut running = 0;
    while let Some(bytes) = input.next().await {
        dechunker.push(&bytes);
        while let Some(Ok(message)) = dechunker.next_message() {
            let signature = message.get(1).copied().unwrap_or_default();
            received.borrow_mut().push(signature);
            if behaviour.answers.is_some_and(|limit| answered >= limit) {
                continue;
            }
            if behaviour.pull_runs_until_reset {
                match signature {
                    PULL => {
                        running += 1;
                        continue;
                    }
                    RESET => {
                        for _ in 0..std::mem::take(&mut running) {
                            send(&output, IGNORED, Vec::new());
                        }
                    }
                    _ => {}
                }
            }
            let mut meta = vec![];
            if let (0, Some(secs)) = (answered, behaviour.recv_timeout_hint) {
                let hints = vec![(
                    "connection.recv_timeout_seconds".to_string(),
                    Value::Integer(secs),
                )];
                meta.push(("hints".to_string(), Value::Map(hints)));
            }
            answered += 1;
            let mut tag = SUCCESS;
            if let (Some(code), RUN) = (behaviour.fail_run_with, signature) {
                tag = FAILURE;
                meta = vec![
                    ("code".to_string(), Value::String(code.into())),
                    ("message".to_string(), Value::String("expired".into())),
                ];
            }
            if let Some((scripted_tag, scripted)) = answer
                .as_ref()
                .and_then(|(address, answer)| answer(address, signature))
            {
                (tag, meta) = (scripted_tag, scripted);
            }
            send(&output, tag, meta);
        }
    }
    closed.set(closed.get() + 1);
    let _ = output.unbounded_send(TransportEvent::Closed("client closed".into()));
}

/// Sends the server message `tag` with `meta` (IGNORED without).
fn send(output: &mpsc::UnboundedSender<TransportEvent>, tag: u8, meta: Vec<(String, Value)>) {
    let mut body = Vec::new();
    let mut enc = Encoder::new(&mut body);
    let fields = usize::from(tag != IGNORED);
    enc.write_struct_header(tag, fields).unwrap();
    if fields == 1 {
        enc.write_value(&Value::Map(meta), Dialect::BOLT_5).unwrap();
    }
    let mut out = Vec::new();
    chunk::write_message(&mut out, &body);
    let _ = output.unbounded_send(TransportEvent::Data(out));
}
