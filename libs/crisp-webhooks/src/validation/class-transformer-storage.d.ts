// class-transformer ships the types of its CommonJS files apart from them (types/), so its storage's path has none.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
