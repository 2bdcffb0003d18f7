namespace KnotCare.Content;

/// <summary>One problem found in a content file, located by file and 1-based line.</summary>
public sealed record ContentError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}({Line}): {Message}";
}

/// <summary>Thrown when content fails validation. The message lists every error with its file and line.</summary>
public sealed class ContentValidationException : Exception
{
    public ContentValidationException(IReadOnlyList<ContentError> errors)
        : base(Describe(errors)) => Errors = errors;

    public IReadOnlyList<ContentError> Errors { get; }

    private static string Describe(IReadOnlyList<ContentError> errors) =>
        $"KnotCare content is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):"
        + Environment.NewLine
        + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}

/// <summary>Collects errors for one file; lines are 1-based.</summary>
internal sealed class ErrorSink(string file)
{
    private readonly List<ContentError> errors = [];

    public string File { get; } = file;

    public IReadOnlyList<ContentError> Errors => errors;

    public bool HasErrors => errors.Count > 0;

    public void Add(int line, string message) => errors.Add(new ContentError(File, Math.Max(1, line), message));
}
