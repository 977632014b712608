/**
 * Words that carry no retrieval signal: the Snowball English stop list (which Postgres'
 * `english` text-search configuration also drops) plus chat filler common in DMs.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    // Snowball English
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers " +
    "herself it its itself they them their theirs themselves what which who whom this that these those am is are " +
    "was were be been being have has had having do does did doing a an the and but if or because as until while of " +
    "at by for with about against between into through during before after above below to from up down in out on " +
    "off over under again further then once here there when where why how all any both each few more most other " +
    "some such no nor not only own same so than too very s t can will just don should now d ll m o re ve y ain " +
    "aren couldn didn doesn hadn hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn " +
    // chat filler
    "hi hello hey hiya yo dear thanks thank thx ty please pls plz ok okay yes yeah yep no nope hmm um uh lol " +
    "would could might may shall must also really actually maybe just like get got want wanted wanna gonna know " +
    "need tell let lets say said anyone someone something anything thing things one guys team good great nice " +
    "question questions ask asking wondering info information much many " +
    // Spanish, French, German and Portuguese function words and greetings, so a question in
    // those languages is judged by its content words too
    "el la los las un una unos unas del al y o que en con por para es son hay hacen hace tienen tiene mis su sus " +
    "tu tus te se lo le les nos este esta estos estas ese esa como cuando donde qué cómo cuál si sí pero muy más ya " +
    "hola gracias favor puedo pueden quiero le les une des du et ou qui dans avec pour par sont il elle ils elles je " +
    "vous nous mon ma mes votre vos ce cette ces quand où mais très plus bonjour merci pas ne au aux est-ce der die " +
    "das den dem des ein eine einen einem einer und oder ist sind ich du sie wir ihr mein meine dein euer unser mit " +
    "für von zu nach im auf an wie wann wo was ob aber sehr mehr hallo danke bitte nicht kein es ihr euch os um uma " +
    "uns umas do da dos das em no na nas com é são eu você vocês meu minha seu sua onde mas muito mais olá obrigado " +
    "obrigada não de hay cual qual têm tem avez avons kann können habt haben hat voudrais veux quero gostaria " +
    // the question words of "how much" phrases, which extract-terms already turns into "price"
    "cuánto cuanto combien quanto viel"
  ).split(/\s+/),
);
