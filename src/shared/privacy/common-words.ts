/**
 * Everyday words, in two groups (lower-case):
 * - FUNCTION_WORDS: words that are never a name ("not", "interested", "monday");
 * - NAME_WORDS: words that are also given names or surnames ("Will", "May", "Hope", "Mark").
 * A name part in either group is only matched when capitalised, so a contact called
 * "Will Hope" does not turn "we will" into "we [NAME_1]".
 */
const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

export const FUNCTION_WORDS: ReadonlySet<string> = words(
  "a an and are as at be but by can could did do does for from had has have he her here hers him his how i if in " +
    "into is it its just me more most my no nor not now of off on once one only or our out over own same she so some " +
    "such than that the their them then there these they this those through to too under until up very was we were " +
    "what when where which while who whom why with would you your yours about above after again against all am " +
    "any because before being below between both during each few further hi hello hey thanks thank please ok okay yes " +
    "happy sorry new good fine sure great interested looking trying writing reaching wondering glad still back " +
    "available able going getting having based located calling hoping planning thinking ready done excited curious " +
    "customer client owner manager founder fan big team support sales order demo pro plus free " +
    "monday tuesday wednesday thursday friday saturday sunday january february september october november december " +
    "today tomorrow tonight yesterday want wants wanted need needs needed asking messaging texting contacting " +
    "confused lost late busy tired sick unsure serious important new here there later soon asap anytime maybe " +
    "whenever abroad home away",
);

export const NAME_WORDS: ReadonlySet<string> = words(
  "will may june april august march summer autumn winter spring dawn hope faith grace joy joyce love mark bill rose " +
    "lily ivy iris jade ruby pearl amber crystal daisy holly violet river sky storm sunny rich frank gene chase " +
    "hunter miles drew dean cash price page lane young long black white brown green gray grey king bishop cook baker " +
    "wood hall bell hill ward best guy ray max sue pat art bob don van del la le de di da von al star angel hero",
);

export function isEverydayWord(word: string): boolean {
  const lower = word.toLowerCase();
  return FUNCTION_WORDS.has(lower) || NAME_WORDS.has(lower);
}
