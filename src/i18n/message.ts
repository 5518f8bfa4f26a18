/** A catalog value: a string with `{param}` placeholders, or plural forms chosen by Intl.PluralRules on `count`. */
export type Plural = { readonly one: string; readonly other: string };
export type Message = string | Plural;
