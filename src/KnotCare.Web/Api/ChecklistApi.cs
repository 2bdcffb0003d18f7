using System.Globalization;
using System.Collections.Immutable;
using System.Text.Json;
using KnotCare.Content.Checklist;
using KnotCare.Web.Infrastructure;
using KnotCare.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KnotCare.Web.Api;

public sealed record ApiOption(string Value, string Label);

/// <summary>A question. <c>min</c> and <c>max</c> are set for number questions (whole numbers, sent as digits).</summary>
public sealed record ApiQuestion(string Id, string Type, string Step, string Text, string? Hint, ImmutableArray<ApiOption> Options, int? Min, int? Max);

public sealed record ApiRegion(string Id, string Name, string EmergencyNumber);

/// <summary>GET /api/checklist: the questions, whose ids are a public contract.</summary>
public sealed record ChecklistDocument(string Version, DateOnly LastReviewed, ImmutableArray<ApiQuestion> Questions, ImmutableArray<ApiRegion> Regions);

/// <summary>POST /api/checklist/evaluate body.</summary>
public sealed record EvaluateRequest(Dictionary<string, string> Answers, string? Region);

public sealed record ApiSource(string Title, Uri Url);

public sealed record ApiReason(string RuleId, string Urgency, bool Certain, string Text, string Advice, ApiSource Source);

/// <summary>
/// The checklist result, when the answers decide it: <c>complete</c> is always true here (a full set of answers, or
/// partial answers that no answer still to come could make more urgent). Never stored or logged.
/// </summary>
public sealed record EvaluateResponse(
    string Urgency,
    string Heading,
    string Advice,
    string? Phone,
    ImmutableArray<ApiReason> Reasons,
    ImmutableArray<string> SafetyNet,
    string Region,
    string EmergencyNumber,
    string Version)
{
    public bool Complete => true;
}

/// <summary>
/// Partial answers that do not decide the result yet: <c>complete</c> is false, <c>level</c> the most urgent level
/// already reached (if every unanswered question were answered "no"), and <c>next</c> the ids of the next step's
/// unanswered questions.
/// </summary>
public sealed record PartialEvaluateResponse(string Level, ImmutableArray<string> Next, string Version)
{
    public bool Complete => false;
}

/// <summary>The JSON API over the same engine and rules as the /check page.</summary>
public static class ChecklistApi
{
    /// <summary>Bodies larger than this are refused with a 400 before they are parsed.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapChecklistApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/checklist").WithTags("Checklist");
        group.MapGet("", (ChecklistService checklist) => TypedResults.Ok(Describe(checklist.Definition)))
            .WithName("GetChecklist")
            .WithSummary("The checklist's questions, answer options and regions.");
        group.MapPost("/evaluate", EvaluateAsync)
            .WithName("EvaluateChecklist")
            .WithSummary("Evaluates answers against the red-flag rules.")
            .WithDescription("Answers may be partial. When they decide the outcome (always so for a full set), the result comes with \"complete\": true. Otherwise the response is \"complete\": false with the most urgent level reached so far (\"level\") and the ids of the next questions to answer (\"next\").")
            .Accepts<EvaluateRequest>("application/json")
            .AddOpenApiOperationTransformer(DescribeBothShapesAsync)
            .DisableAntiforgery()
            .RequireRateLimiting(OperationsExtensions.PostsPolicy);
        return app;
    }

    public static ChecklistDocument Describe(ChecklistDefinition checklist) => new(
        checklist.Version,
        checklist.LastReviewed,
        [.. checklist.Questions.Select(q => new ApiQuestion(
            q.Id,
            q.Type switch
            {
                QuestionType.YesNo => "yes-no",
                QuestionType.Number => "number",
                _ => "choice",
            },
            q.StepId,
            q.Text,
            q.Hint,
            [.. q.Options.Select(o => new ApiOption(o.Value, o.Label))],
            q.Range?.Min,
            q.Range?.Max))],
        [.. checklist.Regions.Select(r => new ApiRegion(r.Id, r.Name, r.EmergencyNumber))]);

    /// <summary>The 200 response is one of two shapes, told apart by <c>complete</c>.</summary>
    private static async Task DescribeBothShapesAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var definition = context.ApplicationServices.GetRequiredService<ChecklistService>().Definition;
        operation.Description = (operation.Description ?? "") + QuestionIds(definition);
        if (operation.Responses?.TryGetValue("200", out var ok) != true || ok?.Content is null)
        {
            return;
        }

        foreach (var (type, description) in new[] { (typeof(EvaluateResponse), "Always true: the answers decide the result."), (typeof(PartialEvaluateResponse), "Always false: more answers are needed.") })
        {
            var schema = await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken);
            MarkComplete(schema, description);
            if (context.Document?.Components?.Schemas?.TryGetValue(type.Name, out var registered) == true && registered is OpenApiSchema existing)
            {
                MarkComplete(existing, description);
            }
            else
            {
                context.Document?.AddComponent(type.Name, schema);
            }
        }

        ok.Content["application/json"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                OneOf = [new OpenApiSchemaReference(nameof(EvaluateResponse), context.Document), new OpenApiSchemaReference(nameof(PartialEvaluateResponse), context.Document)],
            },
        };
    }

    /// <summary>The question ids a client may send, with their answers, for the description of the evaluate operation.</summary>
    private static string QuestionIds(ChecklistDefinition checklist)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"\n\nQuestion ids of checklist version {checklist.Version} (GET /api/checklist gives the same with hints). ");
        text.Append("Yes/no questions take \"yes\", \"no\" or \"not-sure\"; number questions a whole number sent as digits (\"63\"). ");
        text.Append("A question marked \"asked only when\" may be left out when that does not hold; it then counts as \"no\".\n");
        foreach (var question in checklist.Questions)
        {
            var answers = question.Type switch
            {
                QuestionType.YesNo => "yes / no / not-sure",
                QuestionType.Number => $"whole number {question.Range!.Min} to {question.Range.Max}",
                _ => string.Join(" / ", question.Options.Select(o => o.Value)),
            };
            var asked = question.AskIf is null ? "" : $"; asked only when {string.Join(", ", question.AskIf.QuestionIds.Distinct())} apply";
            text.Append(CultureInfo.InvariantCulture, $"\n- `{question.Id}` ({question.StepId}; {answers}{asked}): {question.Text}");
        }

        return text.ToString();
    }

    private static void MarkComplete(OpenApiSchema schema, string description)
    {
        schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
        _ = schema.Required.Add("complete");
        if (schema.Properties?.TryGetValue("complete", out var property) == true && property is OpenApiSchema complete)
        {
            complete.Description = description;
        }
    }

    private static async Task<Results<Ok<EvaluateResponse>, Ok<PartialEvaluateResponse>, ValidationProblem, ProblemHttpResult>> EvaluateAsync(
        HttpRequest request, ChecklistService checklist, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Send the answers as JSON",
                detail: "Use Content-Type: application/json.");
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return Invalid("body", $"The request body must be at most {MaxBodyBytes} bytes.");
        }

        if (StrictJsonBody.Check(body) is { } strict)
        {
            return Invalid(strict.Key, strict.Message);
        }

        if (!TryParse(body, out var answers, out var region, out var parseError))
        {
            return Invalid(parseError.Key, parseError.Message);
        }

        var chosenRegion = region ?? checklist.DefaultRegion;
        var errors = ChecklistEngine.ValidatePartial(checklist.Definition, answers, chosenRegion);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(
                errors.GroupBy(e => e.QuestionId).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: "Some answers are not valid",
                detail: "Each answer must be one of its question's options (or, for a number, a whole number in its range), and each id a question's id. The errors name the ids.");
        }

        var given = answers.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
        var progress = checklist.Assess(given, chosenRegion);
        if (!progress.Complete)
        {
            return TypedResults.Ok(new PartialEvaluateResponse(progress.SoFar.Urgency.ToId(), progress.Next, progress.SoFar.Version));
        }

        var result = progress.SoFar;
        var action = result.Level.Actions[result.Region.Id];
        return TypedResults.Ok(new EvaluateResponse(
            result.Urgency.ToId(),
            result.Level.Heading,
            action.Action,
            action.Phone,
            [.. result.Matched.Select(m => new ApiReason(m.Rule.Id, m.Urgency.ToId(), m.Certain, m.Rule.Reason, m.Rule.Advice, new ApiSource(m.Rule.Source.Title, m.Rule.Source.Url)))],
            result.SafetyNet,
            result.Region.Id,
            result.Region.EmergencyNumber,
            result.Version));
    }

    private static ValidationProblem Invalid(string key, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [key] = [message] }, title: "The request is not valid");

    /// <summary>Reads at most <see cref="MaxBodyBytes"/>; null when the body is larger.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool TryParse(byte[] body, out Dictionary<string, string?> answers, out string? region, out (string Key, string Message) error)
    {
        answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        region = null;
        error = default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = StrictJsonBody.MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            error = ("body", "The body is not valid JSON.");
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = ("body", "The body must be a JSON object with \"answers\" and, optionally, \"region\".");
                return false;
            }

            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "answers" when property.Value.ValueKind == JsonValueKind.Object:
                        foreach (var answer in property.Value.EnumerateObject())
                        {
                            if (answer.Value.ValueKind != JsonValueKind.String)
                            {
                                error = (answer.Name, "Each answer must be a string, such as \"yes\", \"no\" or \"not-sure\".");
                                return false;
                            }

                            answers[answer.Name] = answer.Value.GetString();
                        }

                        break;
                    case "answers":
                        error = ("answers", "\"answers\" must be an object mapping question ids to answers.");
                        return false;
                    case "region" when property.Value.ValueKind == JsonValueKind.String:
                        region = property.Value.GetString();
                        break;
                    case "region":
                        error = ("region", "\"region\" must be a string: uk, us, au or eu.");
                        return false;
                    default:
                        error = (property.Name, $"Unknown field \"{property.Name}\"; expected \"answers\" and \"region\".");
                        return false;
                }
            }

            if (!root.TryGetProperty("answers", out _))
            {
                error = ("answers", "\"answers\" is required.");
                return false;
            }
        }

        return true;
    }
}
