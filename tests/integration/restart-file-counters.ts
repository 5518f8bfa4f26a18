// A setup file of the integration and postgres projects: it runs again before every test
// file, so each file's hand-made records are numbered and stamped as if it ran alone.
import { restartFileCounters } from './file-counters.ts';

restartFileCounters();
