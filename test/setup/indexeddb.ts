// Unit and component tests run outside a browser: fake-indexeddb gives them a spec-complete IndexedDB.
// The browser suite (test/e2e) uses Chromium's real one.
import 'fake-indexeddb/auto';
