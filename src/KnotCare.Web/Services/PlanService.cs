using System.Collections.Immutable;
using KnotCare.Content;
using KnotCare.Content.Plans;

namespace KnotCare.Web.Services;

/// <summary>The plan form as shown: the choices and what the person picked, with any errors.</summary>
public sealed record PlanFormView(
    ImmutableArray<string> Areas,
    ImmutableArray<string> Equipment,
    string? Minutes,
    string? Cause,
    ImmutableArray<PlanError> Errors)
{
    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;
}

/// <summary>The /plan page: always the form; a plan when the input was valid.</summary>
public sealed record PlanPageView(PlanFormView Form, SelfCarePlan? Plan, string? PlanUrl);

/// <summary>Builds plans from query input. Nothing is stored: the URL is the plan.</summary>
public sealed class PlanService(ContentStore store)
{
    /// <summary>The query parameters the plan reads; other parameters (such as tracking tags) are ignored.</summary>
    public static readonly string[] InputKeys = ["area", "equipment", "minutes", "cause"];

    public PlanPageView Compose(IReadOnlyList<string> areas, IReadOnlyList<string> equipment, string? minutes, string? cause, bool submitted)
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(equipment);
        if (!submitted)
        {
            return new PlanPageView(new PlanFormView([], [], null, null, []), null, null);
        }

        var (request, errors) = PlanBuilder.Parse(areas, equipment, minutes, cause);
        var form = new PlanFormView([.. areas], [.. equipment], minutes, cause, errors);
        if (request is null)
        {
            return new PlanPageView(form, null, null);
        }

        var plan = PlanBuilder.Build(store.Current.Techniques, request);
        return new PlanPageView(form, plan, Url(request));
    }

    /// <summary>The canonical address of a plan, so it can be bookmarked and printed again.</summary>
    public static string Url(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Areas.Select(a => "area=" + a)
            .Concat(request.Equipment.Select(e => "equipment=" + e))
            .Append("minutes=" + request.Minutes.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append("cause=" + request.Cause);
        return "/plan?" + string.Join('&', query);
    }
}
