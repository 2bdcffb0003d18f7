using System.ComponentModel.DataAnnotations;

namespace KnotCare.Web.Infrastructure;

/// <summary>Rate limiting of POST requests, per client address. Bound from the "RateLimiting" section.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>POST requests allowed per client address in each window.</summary>
    [Range(1, 100_000)]
    public int PermitLimit { get; set; } = 30;

    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>Request limits. Bound from the "Limits" section. Kestrel's own limits are in the "Kestrel" section.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Longest query string accepted, in characters; longer gets 414.</summary>
    [Range(64, 65_536)]
    public int MaxQueryLength { get; set; } = 2048;

    /// <summary>Most form fields accepted in one POST (the checklist has about 25).</summary>
    [Range(10, 10_000)]
    public int MaxFormValues { get; set; } = 100;

    /// <summary>Largest form body accepted, in bytes.</summary>
    [Range(1024, 10_000_000)]
    public int MaxFormBytes { get; set; } = 32 * 1024;
}

/// <summary>Where antiforgery and other Data Protection keys live. Bound from the "DataProtection" section.</summary>
public sealed class DataProtectionSettings
{
    public const string Section = "DataProtection";

    /// <summary>
    /// A directory shared by every instance (for example a mounted volume), so a form served by one instance can be
    /// posted to another. Empty: keys are kept per machine (fine for a single instance).
    /// </summary>
    public string? KeysDirectory { get; set; }
}

/// <summary>Content watching. Bound from the "Content" section alongside <see cref="ContentOptions"/>.</summary>
public sealed class ContentWatchOptions
{
    /// <summary>Reload content when files change on disk.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>Quiet time after the last change before reloading, so an editor's several writes reload once.</summary>
    [Range(50, 60_000)]
    public int DebounceMilliseconds { get; set; } = 500;
}
