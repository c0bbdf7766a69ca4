using AuthFunctions.Core;
using AuthFunctions.Providers;
using AuthFunctions.SignIn;

namespace AuthFunctions.Hosting;

/// <summary>The base URL callback URLs are built on, or why it is not known; <paramref name="Note"/> says where it came from.</summary>
internal sealed record CallbackBase(string? Url, string Note);

/// <summary>
/// The checks of one enabled provider: discovery reachable and its issuer the configured one (OIDC), every endpoint
/// https (http only on loopback), the client secret available, and the callback URL to register.
/// </summary>
internal sealed class DoctorProviderCheck(DoctorDiscovery discovery, OidcMetadataCache metadata, DoctorSecretCheck secrets, CallbackBase callbackBase)
{
    public async Task<DoctorBlock> CheckAsync(ResolvedProvider provider, CancellationToken cancellationToken)
    {
        var title = $"{provider.Id} ({(provider.IsDev ? "built-in Development sign-in" : provider.IsOidc ? "OpenID Connect" : "OAuth 2.0")})";
        if (provider.IsDev)
        {
            return new(provider.Id, title, [DoctorCheck.Ok("built in", "the app's own sign-in page, Development only: nothing to register, no secret")]);
        }

        // The secret store and the provider are independent: ask both at once, so the slowest bounds the block.
        var secretChecks = secrets.CheckAsync(provider, cancellationToken);
        var checks = new List<DoctorCheck>();
        DiscoveryDocument? document = null;
        if (provider.IsOidc)
        {
            (document, var fetched) = await discovery.FetchAsync(provider.Issuer!, cancellationToken).ConfigureAwait(false);
            checks.Add(fetched);
            checks.Add(document is null
                ? new(DoctorStatus.Skip, "issuer", "not checked without the discovery document")
                : await IssuerAsync(provider, document, cancellationToken).ConfigureAwait(false));
        }

        checks.Add(Endpoints(provider, document));
        checks.AddRange(await secretChecks.ConfigureAwait(false));
        checks.AddRange(Callback(provider));
        return new(provider.Id, title, checks);
    }

    private async Task<DoctorCheck> IssuerAsync(ResolvedProvider provider, DiscoveryDocument document, CancellationToken cancellationToken)
    {
        const string name = "issuer";
        var configured = provider.Issuer!.TrimEnd('/');
        if (document.Issuer is null)
        {
            return DoctorCheck.Fail(name, $"the discovery document names none; the app needs {configured}");
        }

        if (string.Equals(document.Issuer.TrimEnd('/'), configured, StringComparison.Ordinal))
        {
            return DoctorCheck.Ok(name, $"{document.Issuer}, as configured");
        }

        // Unequal text may still be accepted (Entra's multi-tenant {tenantid} template): the app's own discovery check
        // decides, rather than a second copy of its rule here. It fetches the document once more.
        try
        {
            await metadata.GetMetadataAsync(provider, cancellationToken).ConfigureAwait(false);
            var why = provider.Has(AuthFunctions.Providers.Quirks.QuirkNames.MicrosoftTenantIssuer) ? "the multi-tenant template" : "as the app reads it";
            return DoctorCheck.Ok(name, $"{document.Issuer}, accepted for {configured} ({why})");
        }
        catch (ProviderException e) when (e.Code == AuthErrors.InvalidResponse)
        {
            return DoctorCheck.Fail(name, $"the discovery document says {document.Issuer}, but the configured issuer is {configured}: sign-ins would fail");
        }
        catch (ProviderException e)
        {
            return DoctorCheck.Fail(name, $"the discovery document says {document.Issuer}, not {configured}, and the app's own check failed: {e.Message}");
        }
    }

    private static DoctorCheck Endpoints(ResolvedProvider provider, DiscoveryDocument? document)
    {
        const string name = "endpoints";
        var endpoints = new List<(string Name, string? Url, bool Required)>
        {
            // Configured ones by their setting's name, the discovery document's by their member name.
            ("Issuer", provider.Issuer, false),
            ("AuthorizationEndpoint", provider.AuthorizationEndpoint, !provider.IsOidc),
            ("TokenEndpoint", provider.TokenEndpoint, !provider.IsOidc),
            ("UserInfoEndpoint", provider.UserInfoEndpoint, !provider.IsOidc),
        };
        if (document is not null)
        {
            // For an OIDC provider the document's endpoints are the ones used; settings only fill gaps.
            endpoints.AddRange(document.Endpoints.Select(e => (e.Name, e.Url, DoctorDiscovery.IsRequired(e.Name))));
        }

        var present = endpoints.Where(e => e.Url is not null).ToList();
        var problems = endpoints.Where(e => e.Url is null && e.Required).Select(e => $"{e.Name} missing")
            .Concat(present.Where(e => !ProviderRegistry.IsEndpointUrl(e.Url!)).Select(e => $"{e.Name} {e.Url} is not https (plain http only on loopback)"))
            .ToList();
        if (problems.Count > 0)
        {
            return DoctorCheck.Fail(name, string.Join("; ", problems));
        }

        var names = string.Join(", ", present.Select(e => e.Name));
        var kind = present.All(e => e.Url!.StartsWith("https:", StringComparison.OrdinalIgnoreCase)) ? "all https" : "https, or http on loopback";
        return provider.IsOidc && document is null
            ? new(DoctorStatus.Skip, name, $"{names} {(present.Count == 1 ? "is" : "are")} {kind.Replace("all ", "", StringComparison.Ordinal)}; the discovery document's endpoints were not checked")
            : DoctorCheck.Ok(name, $"{kind} ({names})");
    }

    private IEnumerable<DoctorCheck> Callback(ResolvedProvider provider)
    {
        if (callbackBase.Url is null)
        {
            yield return new(DoctorStatus.Info, "callback URL to register", $"not known: {callbackBase.Note}");
            yield break;
        }

        var url = LoginFlow.CallbackUrl(callbackBase.Url, provider);
        yield return new(DoctorStatus.Info, "callback URL to register", $"{url}{callbackBase.Note}");
        if (Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttp && !u.IsLoopback)
        {
            yield return new(DoctorStatus.Warn, "callback URL", "plain http outside loopback: most providers accept only https redirect URIs there");
        }
    }
}
