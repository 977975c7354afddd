// Layout shift with the bundled examples (no cluster): the same pages and navigations as
// e2e/layout-shift.spec.ts, each under CLS 0.05.
import { clsEveryPage } from "./support/cls";

clsEveryPage();
