// Not a peer: the three runtime dependencies of core together, the floor of what core can weigh.
import { createStore, get } from 'idb-keyval';
import { jwtDecode } from 'jwt-decode';
import mitt from 'mitt';

export async function main(token: string) {
  const events = mitt<{ change: string }>();
  events.emit('change', token);
  jwtDecode(token);
  return get('session', createStore('sessionkit', 'sessions'));
}
