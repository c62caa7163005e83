// WidgetFolderFile
interface WidgetFolderFile {
    name: string;
    integrity: string;
    bytes: number;
}

// WidgetFolderOptions
interface WidgetFolderOptions {
    widget: Widget;
    pbx: Pick<Pbx, 'wssUrl'>;
    outDir: string;
    baseUrl?: string;
    iceServers?: readonly RTCIceServer[];
    label?: string;
    lang?: string;
    placement?: 'bottom-right' | 'bottom-left' | 'inline';
    browserDir?: string;
}

// WidgetFolderResult
interface WidgetFolderResult {
    files: WidgetFolderFile[];
    embedCode: string;
}

// writeWidgetFolder
declare function writeWidgetFolder(options: WidgetFolderOptions): Promise<WidgetFolderResult>;
