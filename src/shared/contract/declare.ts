import type { z } from 'zod';

// The building blocks of the contract's declarations (channels/<area>.ts): each request channel is
// declared once, as its input schema and its output type, and everything else is derived from that.

declare const carried: unique symbol;
/** A type a declaration carries for the compiler, with nothing behind it at run time. */
export interface Carries<T> {
  readonly [carried]?: T;
}

export interface ChannelDeclaration<S extends z.ZodType = z.ZodType, O = unknown> {
  /** What every door validates a request's input with, before the engine sees it. */
  readonly input: S;
  readonly output: Carries<O>;
}

/** The output type of a channel: `channel(byId, output<Tenant>())`. */
export const output = <T>(): Carries<T> => ({});
export const channel = <S extends z.ZodType, O>(input: S, result: Carries<O>): ChannelDeclaration<S, O> => ({ input, output: result });
/** An event pushed from the engine, by its payload type: `event<{ deploymentId: number }>()`. */
export const event = <T>(): Carries<T> => ({});

/** The input a handler receives: what the channel's schema answers (defaults and transforms applied). */
export type InputOf<D> = D extends ChannelDeclaration<infer S, unknown> ? z.output<S> : never;
export type OutputOf<D> = D extends ChannelDeclaration<z.ZodType, infer O> ? O : never;
export type PayloadOf<D> = D extends Carries<infer T> ? T : never;
