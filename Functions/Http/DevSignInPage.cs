using AuthFunctions.Core;
using AuthFunctions.Providers;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Http;

/// <summary>The dev provider's sign-in page (Development only): type a name and email, get an authorization code.</summary>
public sealed class DevSignInPage(DevProvider dev, IOptions<OAuthOptions> options)
{
    /// <summary><c>GET /api/auth/dev/authorize</c>: the form.</summary>
    public IResult Page(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var q = context.Request.Query;
        var error = Check(context, options.Value, q["redirect_uri"], q["code_challenge"], q["code_challenge_method"], q["state"]);
        if (error is not null)
        {
            return ProblemResult.For(context, error);
        }

        var body = $"""
            <h1>Dev sign-in</h1>
            <p>This stands in for a real provider while you develop. It exists only in the Development environment.</p>
            <form method="post" action="authorize">
              <input type="hidden" name="state" value="{Html.Encode(q["state"])}">
              <input type="hidden" name="redirect_uri" value="{Html.Encode(q["redirect_uri"])}">
              <input type="hidden" name="code_challenge" value="{Html.Encode(q["code_challenge"])}">
              <input type="hidden" name="code_challenge_method" value="S256">
              <label for="name">Name</label><input id="name" name="name" required maxlength="100" value="Ada Lovelace" autofocus>
              <label for="email">Email</label><input id="email" name="email" type="email" required maxlength="200" value="ada@example.test">
              <p><button type="submit">Sign in</button></p>
            </form>
            """;
        return Results.Content(Html.Page("Dev sign-in", body), "text/html; charset=utf-8");
    }

    /// <summary><c>POST /api/auth/dev/authorize</c>: issues a code for the typed name and email.</summary>
    public async Task<IResult> SubmitAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (read, bad) = await RequestReading.ReadFormAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (bad is not null)
        {
            return ProblemResult.For(context, bad);
        }

        var f = read!;
        var error = Check(context, options.Value, f["redirect_uri"], f["code_challenge"], f["code_challenge_method"], f["state"]);
        string name = f["name"].ToString().Trim(), email = f["email"].ToString().Trim();
        if (error is null && (name.Length is 0 or > 100 || email.Length is < 3 or > 200 || !email.Contains('@', StringComparison.Ordinal)))
        {
            error = new FlowError(400, "invalid_request", "Enter a name and an email address.");
        }

        if (error is not null)
        {
            return ProblemResult.For(context, error);
        }

        var code = await dev.IssueCodeAsync(
            new DevCode { Name = name, Email = email, CodeChallenge = f["code_challenge"]!, RedirectUri = f["redirect_uri"]! },
            context.RequestAborted).ConfigureAwait(false);
        return Results.Redirect(ProviderClient.AppendQuery(f["redirect_uri"]!, [new("code", code), new("state", f["state"]!)]));
    }

    /// <summary>The checks a real authorization endpoint makes: our own redirect URI only, PKCE S256 required.</summary>
    private static FlowError? Check(HttpContext context, OAuthOptions options, string? redirectUri, string? challenge, string? method, string? state)
    {
        var expected = RequestReading.BaseUrl(context, options) + "/api/auth/dev/callback";
        if (redirectUri != expected)
        {
            return new FlowError(400, "invalid_request", "redirect_uri is not this app's dev callback.");
        }

        if (method != "S256" || !Crypto.IsToken43(challenge) || string.IsNullOrEmpty(state) || state.Length > 512)
        {
            return new FlowError(400, "invalid_request", "state and an S256 code_challenge are required.");
        }

        return null;
    }
}
