// defineAipbxCall
declare function defineAipbxCall(): void;
