using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using KnotCare.Content.Loading;
using KnotCare.Content.Markdown;
using KnotCare.Content.Search;

// Usage: SearchTime CONTENT_DIR [ROUNDS] [QUERY_NAME_PART]  (QUERY_NAME_PART: time only the queries whose name has it)
// Prints the time to build the index and run the first search, then one tab-separated line per query: name, matches
// (0 for the misspelt query: its close matches are not counted), and the median, p90 and max over ROUNDS timed
// searches (after 20 untimed ones) of the searching thread's CPU time (ms), then the same of wall-clock time. CPU time
// is what a search costs; wall-clock time also counts waiting for a core, which other work on the machine inflates.
if (args.Length < 1)
{
    await Console.Error.WriteLineAsync("usage: SearchTime CONTENT_DIR [ROUNDS]");
    return 2;
}

var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var snapshot = new ContentLoader(new MarkdownService()).Load(args[0]);

// The longest queries the 200-character limit allows, of the words most pages contain (every synthetic article
// has them), of synonym words that expand into common words, and of misspelt words (no results: the fuzzy path).
const string Common = "muscle knot pain back desk stretch heat cold sleep water ball roller doctor check spreads numbness weakness strain week movement hours screen height sitting shoulders strength tasks notes patterns better worse gentle";
const string Synonyms = "achy aching gym weights backache physio roller laptop computer monitor hunched slouch anxious worried ice lift yoga core spasm sciatica numb kid traps lumbar thoracic hospital temperature";
const string Misspelt = "muscel knott strechces shouldrez strenght collld sleap watter rollar doctr chekk spredz moovment scren hieght sittting gentel pattrns";
(string Name, string Query)[] queries =
[
    ("five words", "how long does a knot last"),
    ("common words, 200 chars", Cut(Common)),
    ("synonym words, 200 chars", Cut(Synonyms)),
    ("red flag phrases", Cut("numb bum can't pee chest pain both legs weak legs car crash tearing pain fever losing weight cancer lump on my back worse at night chemo osteoporosis")),
    ("misspelt, no results", Cut(Misspelt)),
    ("one word", "heat"),
];

var build = Stopwatch.StartNew();
using var index = new SearchIndex(snapshot);
var built = build.Elapsed;
var first = index.Search("how long does a knot last");
build.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pages\t{snapshot.Articles.Length + snapshot.Techniques.Length}\tbuild {built.TotalMilliseconds:0} ms\tfirst search {(build.Elapsed - built).TotalMilliseconds:0} ms\t({first.TotalMatches} matches)"));
foreach (var (name, query) in queries.Where(q => args.Length < 3 || q.Name.Contains(args[2], StringComparison.Ordinal)))
{
    for (var i = 0; i < 20; i++)
    {
        index.Search(query);
    }

    var times = new double[rounds];
    var cpu = new double[rounds];
    var matches = 0;
    for (var i = 0; i < rounds; i++)
    {
        var cpuBefore = ThreadCpuMs();
        var watch = Stopwatch.StartNew();
        var results = index.Search(query);
        watch.Stop();
        cpu[i] = ThreadCpuMs() - cpuBefore;
        times[i] = watch.Elapsed.TotalMilliseconds;
        matches = results.TotalMatches;
    }

    Array.Sort(times);
    Array.Sort(cpu);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{matches}\tcpu {cpu[rounds / 2]:0.000}\t{cpu[rounds * 9 / 10]:0.000}\t{cpu[^1]:0.000}\twall {times[rounds / 2]:0.000}\t{times[rounds * 9 / 10]:0.000}\t{times[^1]:0.000}"));
}

return 0;

// The calling thread's CPU time (Linux: clock_gettime with CLOCK_THREAD_CPUTIME_ID).
static double ThreadCpuMs()
{
    const int ThreadCpuClock = 3;
    return Native.clock_gettime(ThreadCpuClock, out var t) == 0 ? (t.Seconds * 1000.0) + (t.Nanoseconds / 1e6) : double.NaN;
}

static string Cut(string words)
{
    var text = words.Length > SearchIndex.MaxQueryLength ? words[..SearchIndex.MaxQueryLength] : words;
    var space = text.LastIndexOf(' ');
    return words.Length > SearchIndex.MaxQueryLength && space > 0 ? text[..space] : text;
}

internal static partial class Native
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    internal static partial int clock_gettime(int clock, out TimeSpec time);
}
