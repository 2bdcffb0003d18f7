using KnotCare.Content;
using KnotCare.Content.Search;

namespace KnotCare.Web.Services;

/// <summary>Search over the current snapshot; the index is rebuilt once when a new snapshot is loaded.</summary>
public sealed class SearchService : IDisposable
{
    private readonly ContentStore store;
    private readonly Lock gate = new();
    private (ContentSnapshot Snapshot, SearchIndex Index)? current;

    public SearchService(ContentStore store) => this.store = store;

    public SearchResults Search(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return new SearchResults(query ?? "", [], 0);
        }

        return IndexFor(store.Current).Search(query);
    }

    public void Dispose() => current?.Index.Dispose();

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
