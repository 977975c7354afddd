// Layout shift against the live cluster (go-todo and platform seeded): every main page, loaded
// cold and reached by a client-side navigation, keeps CLS under 0.05; loading states are
// skeletons of the final layout that hold the place of what arrives later.
import { clsEveryPage } from "./support/cls";

clsEveryPage();
