using Microsoft.AspNetCore.Http;

namespace Bananas.Tasks.Dashboard.Access;

/// <summary>The headers of every dashboard response: a strict Content-Security-Policy (no inline script or style, nothing from another origin) and no caching.</summary>
internal static class SecurityHeaders
{
    /// <summary>Scripts, styles, images and fetches only from this origin; no inline code, no frames, forms post only here.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void Apply(HttpResponse response, bool cacheable = false)
    {
        var h = response.Headers;
        h.ContentSecurityPolicy = ContentSecurityPolicy;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
        h.CacheControl = cacheable ? "public, max-age=86400" : "no-store";
    }
}
