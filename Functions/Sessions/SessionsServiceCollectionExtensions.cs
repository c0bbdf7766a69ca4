using AuthFunctions.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthFunctions.Sessions;

/// <summary>Registers the app session: signing keys, app JWTs, refresh-token families and the handoff redemption.</summary>
public static class SessionsServiceCollectionExtensions
{
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<AppTokens>();
        services.AddSingleton<RefreshTokens>();
        foreach (var table in RefreshTokens.Tables)
        {
            services.AddSingleton(table);
        }

        services.TryAddSingleton<AccessPolicy>();
        services.AddSingleton<SessionFlow>();
        services.AddSingleton<UserDirectory>();
        return services;
    }
}
