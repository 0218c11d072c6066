import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('porter', { ...createBridge(ipcRenderer), pathForFile: (file: File) => webUtils.getPathForFile(file) });
