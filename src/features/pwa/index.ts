/** PWA feature: update prompt (install hint, notifications and badge come later). */
export { UpdatePrompt } from './update-prompt';
