namespace KnotCare.Web.Infrastructure;

public static class SecurityHeaders
{
    /// <summary>
    /// Security headers for every response, from NetEscapades.AspNetCore.SecurityHeaders: a strict CSP (same-origin
    /// scripts, styles and images only; no inline script or style), nosniff, no framing, no referrer, and no powerful
    /// browser features.
    /// </summary>
    public static IServiceCollection AddKnotCareSecurityHeaders(this IServiceCollection services) =>
        services.AddSecurityHeaderPolicies((builder, _) => builder.SetDefaultPolicy(policy => policy
            .AddDefaultSecurityHeaders()
            .AddReferrerPolicyNoReferrer()
            .AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                csp.AddScriptSrc().Self();
                csp.AddStyleSrc().Self();
                csp.AddImgSrc().Self();
                csp.AddFontSrc().None();
                csp.AddConnectSrc().Self();
                csp.AddObjectSrc().None();
                csp.AddBaseUri().Self();
                csp.AddFormAction().Self();
                csp.AddFrameAncestors().None();
            })
            .AddPermissionsPolicy(permissions =>
            {
                permissions.AddCamera().None();
                permissions.AddMicrophone().None();
                permissions.AddGeolocation().None();
                permissions.AddPayment().None();
                permissions.AddUsb().None();
                permissions.AddFullscreen().Self();
            })));
}
