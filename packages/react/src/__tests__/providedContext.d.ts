// What vitest.config.ts provides to each project's tests (`inject('reactMajor')`).
declare module 'vitest' {
  export interface ProvidedContext {
    /** The React major this project runs against: '18' or '19'. */
    reactMajor: string;
  }
}

export {};
