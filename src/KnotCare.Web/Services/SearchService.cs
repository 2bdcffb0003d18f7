using System.Collections.Immutable;
using KnotCare.Content;
using KnotCare.Content.Checklist;
using KnotCare.Content.Search;
using KnotCare.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace KnotCare.Web.Services;

/// <summary>What one region is told to do at the notice's level.</summary>
public sealed record NoticeAction(Region Region, RegionAction Action);

/// <summary>
/// The notice a search opens with when it describes a red flag: the level of the most urgent rule matched, what to do
/// in each region (the chosen one first), the signs matched in plain words, and the level's safety-netting.
/// </summary>
public sealed record RedFlagNotice(UrgencyLevel Level, ImmutableArray<NoticeAction> Actions, ImmutableArray<Rule> Rules, ImmutableArray<string> SafetyNet)
{
    public Urgency Urgency => Level.Urgency;

    public string UrgencyId => Level.Urgency.ToId();
}

/// <summary>A place to go when a search finds nothing: a topic of the site.</summary>
public sealed record TopicLink(string Name, string Url);

/// <summary>The search page: results, the red-flag notice if any, and where else to look when nothing matched.</summary>
public sealed record SearchPageView(SearchResults Results, RedFlagNotice? Notice, ImmutableArray<TopicLink> Topics);

/// <summary>Search over the current snapshot; the index is rebuilt once when a new snapshot is loaded.</summary>
public sealed class SearchService : IDisposable
{
    private readonly ContentStore store;
    private readonly IOptions<ChecklistOptions> checklistOptions;
    private readonly Lock gate = new();
    private (ContentSnapshot Snapshot, SearchIndex Index)? current;

    public SearchService(ContentStore store, IOptions<ChecklistOptions> checklistOptions) =>
        (this.store, this.checklistOptions) = (store, checklistOptions);

    public SearchResults Search(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return new SearchResults(query ?? "", [], 0);
        }

        return IndexFor(store.Current).Search(query);
    }

    /// <summary>
    /// The search page for a query. <paramref name="region"/> (as on the checklist: uk, us, au, eu) puts that region's
    /// numbers first; otherwise the checklist's default region comes first, and every region's numbers are shown.
    /// </summary>
    public SearchPageView Page(string? query, string? region)
    {
        var snapshot = store.Current;
        if (string.IsNullOrWhiteSpace(query))
        {
            return new SearchPageView(new SearchResults(query ?? "", [], 0), null, []);
        }

        var results = IndexFor(snapshot).Search(query);
        var checklist = snapshot.Checklist;
        var chosen = (region is null ? null : checklist.FindRegion(region))
            ?? checklist.FindRegion(checklistOptions.Value.DefaultRegion)
            ?? checklist.Regions[0];
        var topics = results.Hits.IsEmpty
            ? [.. Category.All.Where(c => snapshot.InCategory(c.Id).Any()).Select(c => new TopicLink(c.Name, "/articles#cat-" + c.Id)),
               .. BodyAreas.All.Select(a => new TopicLink(BodyAreas.DisplayName(a), "/areas/" + a))]
            : ImmutableArray<TopicLink>.Empty;
        return new SearchPageView(results, Notice(checklist, results.RedFlags, chosen), topics);
    }

    public void Dispose() => current?.Index.Dispose();

    private static RedFlagNotice? Notice(ChecklistDefinition checklist, ImmutableArray<Rule> rules, Region chosen)
    {
        if (rules.IsEmpty)
        {
            return null;
        }

        var urgency = rules.Max(r => r.Urgency);
        var level = checklist.Levels[urgency];
        var actions = checklist.Regions
            .OrderBy(r => r.Id == chosen.Id ? 0 : 1)
            .Where(r => level.Actions.ContainsKey(r.Id))
            .Select(r => new NoticeAction(r, level.Actions[r.Id]))
            .ToImmutableArray();
        return new RedFlagNotice(level, actions, [.. rules.Where(r => r.Urgency == urgency)], level.SafetyNetFor(chosen));
    }

    private SearchIndex IndexFor(ContentSnapshot snapshot)
    {
        var known = current;
        if (known is { } k && ReferenceEquals(k.Snapshot, snapshot))
        {
            return k.Index;
        }

        lock (gate)
        {
            if (current is { } again && ReferenceEquals(again.Snapshot, snapshot))
            {
                return again.Index;
            }

            // The old index is left to the garbage collector: a search may still be reading it.
            var index = new SearchIndex(snapshot);
            current = (snapshot, index);
            return index;
        }
    }
}
