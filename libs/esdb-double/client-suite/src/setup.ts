// Runs after every test file of the client's suite: no double outlives the file that started it.
import { stopAllDoubles } from './utils/Cluster';

afterAll(stopAllDoubles);
