using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthFunctions.Http.Protection;

/// <summary>
/// The one check behind <see cref="RequireRoleAttribute"/>, whichever host runs the function: a Bearer app JWT that
/// validates and carries one of the roles, or 401 (no or bad token) / 403 (no such role) as problem+json.
/// </summary>
public sealed class RoleGate(IAppTokenValidator validator, IEnumerable<IRefusalHeaders> refusalHeaders)
{
    /// <summary>Null to let the request through (with <see cref="AppTokenClaims"/> attached); else the refusal to send.</summary>
    public async Task<IResult?> CheckAsync(HttpContext context, RequireRoleAttribute rule)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rule);

        // A CORS preflight never carries the token; the function's own CORS handling answers it.
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            return null;
        }

        var header = context.Request.Headers.Authorization.ToString();
        AppTokenClaims? claims;
        try
        {
            claims = header.StartsWith("Bearer ", StringComparison.Ordinal)
                ? await validator.ValidateAsync(context, header["Bearer ".Length..].Trim(), context.RequestAborted).ConfigureAwait(false)
                : null;
        }
        catch (AppTokenKeysUnavailableException)
        {
            // Fail closed, and say it is us: a 401 would make the SPA refresh and retry in vain.
            return new Refusal(503, "keys_unavailable", "The keys to check the token cannot be had right now. Try again shortly.", null, refusalHeaders);
        }

        if (claims is null)
        {
            return new Refusal(401, "invalid_token", "Send a valid app access token as Authorization: Bearer.", "Bearer error=\"invalid_token\"", refusalHeaders);
        }

        if (!rule.Roles.Any(r => claims.Roles.Contains(r, StringComparer.Ordinal)))
        {
            return new Refusal(403, "insufficient_role", $"This needs the role {string.Join(" or ", rule.Roles)}.", "Bearer error=\"insufficient_scope\"", refusalHeaders);
        }

        claims.Attach(context);
        return null;
    }

    private sealed class Refusal(int status, string code, string detail, string? challenge, IEnumerable<IRefusalHeaders> headers) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            foreach (var h in headers)
            {
                await h.ApplyAsync(httpContext).ConfigureAwait(false);
            }

            var response = httpContext.Response;
            response.StatusCode = status;
            response.Headers.CacheControl = "no-store";
            if (challenge is null)
            {
                response.Headers.RetryAfter = "5";
            }
            else
            {
                response.Headers.WWWAuthenticate = challenge;
            }

            response.ContentType = "application/problem+json";
            var title = status switch { 401 => "Unauthorized", 403 => "Forbidden", _ => "Service unavailable" };
            var problem = new RoleProblem("urn:auth-functions:problem:" + code, title, status, code, detail);
            await JsonSerializer.SerializeAsync(response.Body, problem, ProtectionJsonContext.Default.RoleProblem).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// Headers a refusal needs that the function would have added had it run, above all CORS: a cross-origin SPA sees a
/// 401/403 without them as a network error. Behind Azure's platform CORS none is needed.
/// </summary>
public interface IRefusalHeaders
{
    Task ApplyAsync(HttpContext context);
}

/// <summary>RFC 9457 problem document of a refusal, the same shape as the sign-in app's own.</summary>
internal sealed record RoleProblem(string Type, string Title, int Status, string Code, string Detail);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RoleProblem))]
internal sealed partial class ProtectionJsonContext : JsonSerializerContext;
