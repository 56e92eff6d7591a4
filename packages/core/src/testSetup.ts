// Node has no IndexedDB: fake-indexeddb gives every test file a real-behaving one.
import 'fake-indexeddb/auto';
