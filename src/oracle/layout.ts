// The oracle's address layout (cluster.sh): member I listens for clients on 127.0.0.1:(23790+I)
// and for peers on 127.0.0.1:(23890+I); it is named mI.
export const CLIENT_BASE_PORT = 23790;
export const PEER_BASE_PORT = 23890;

export const clientURL = (i: number) => `http://127.0.0.1:${CLIENT_BASE_PORT + i}`;
export const peerURL = (i: number) => `http://127.0.0.1:${PEER_BASE_PORT + i}`;
