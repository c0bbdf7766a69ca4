using System.Net.Http.Headers;
using System.Text.Json;
using AuthFunctions.Core;

namespace AuthFunctions.Providers.Quirks;

/// <summary>
/// QQ's token answer has no user id: the openid (and, for approved apps, the unionid) comes from
/// <c>GET https://graph.qq.com/oauth2.0/me?access_token=…&amp;fmt=json&amp;unionid=1</c>, whose <c>client_id</c> must be
/// ours. The fields it returns are then available as <c>token:openid</c> and <c>{token.openid}</c>.
/// https://wiki.connect.qq.com/%E8%8E%B7%E5%8F%96%E7%94%A8%E6%88%B7openid_oauth2-0
/// </summary>
public sealed class QqOpenId : IProviderQuirk
{
    public const string MeUrl = "https://graph.qq.com/oauth2.0/me";

    public string Name => QuirkNames.QqOpenId;

    public async Task<JsonDocument?> TokenResponseAsync(QuirkCall sign, JsonElement tokens, CancellationToken cancellationToken)
    {
        var url = ProviderClient.AppendQuery(MeUrl, [new("access_token", sign.AccessToken), new("fmt", "json"), new("unionid", "1")]);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var me = await sign.SendAsync(request, "me", ResponseFormats.Jsonp, cancellationToken).ConfigureAwait(false);
        var error = ProviderJson.TextAt(me.RootElement, "error");
        if (error is not null || ProviderJson.TextAt(me.RootElement, "client_id") != sign.Provider.ClientId || ProviderJson.TextAt(me.RootElement, "openid") is null)
        {
            me.Dispose();
            // A token issued to another app must not sign anyone in to this one.
            throw new ProviderException(error is null ? AuthErrors.InvalidResponse : AuthErrors.ProviderError,
                $"{sign.Provider.Id} me: error={ProviderHttp.Sanitize(error)} or not our client", providerError: error is null ? null : ProviderHttp.Sanitize(error));
        }

        return me;
    }
}
