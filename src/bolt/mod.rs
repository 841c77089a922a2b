//! Bolt: handshake, chunking, messages and the connection state machine (sans-IO).
