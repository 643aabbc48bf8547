/** Files feature: browse, read, edit through the host; what changed. */
export { FilesScreen } from './files-screen';
export { FileScreen } from './file-screen';
export { ChangesScreen } from './changes-screen';
