import SCIM

/// The Identity Store's SCIM schemas: core User and Group (RFC 7643) and the two User extensions of the seed's `Me`
/// document. Attribute characteristics of the extensions are not published by SecureAuth; they are chosen so that the
/// seed's `Me` payload validates, and server-managed values (`apiCredentials`, `lastLogIn`, `lastPasswordChange`,
/// `sessionscopes`) are `readOnly` (FIXTURES.md §3).
enum IdentityStoreSchemas {
    static let secureAuthUserURN = "urn:ietf:params:scim:schemas:extension:secureauth:2.0:User"
    static let ldapUserURN = "urn:ietf:params:scim:schemas:extension:ldap:2.0:User"

    static let secureAuthUser = SCIMSchema(
        id: secureAuthUserURN, name: "SecureAuthUser", description: "SecureAuth Identity Store user extension",
        attributes: [
            SCIMAttribute(
                "privileges", .complex, multiValued: true, description: "Privileges granted to the user.",
                subAttributes: [
                    SCIMAttribute("value", description: "The privilege identifier.", caseExact: true)
                ]),
            SCIMAttribute(
                "sessionscopes", .complex, multiValued: true,
                description: "Scopes the user has consented to, per application.",
                mutability: .readOnly,
                subAttributes: [
                    SCIMAttribute(
                        "app", description: "The application (OAuth client) identifier.", caseExact: true,
                        mutability: .readOnly),
                    SCIMAttribute(
                        "scopesSupported", description: "Space-separated scopes the application supports.",
                        caseExact: true, mutability: .readOnly),
                    SCIMAttribute(
                        "scopes", description: "Space-separated scopes the user granted.", caseExact: true,
                        mutability: .readOnly),
                ]),
            SCIMAttribute(
                "resources", .complex, multiValued: true, description: "Resources assigned to the user.",
                subAttributes: [
                    SCIMAttribute("value", description: "The resource identifier.", caseExact: true),
                    SCIMAttribute("display", description: "A human-readable name for the resource."),
                ]),
            SCIMAttribute(
                "groups", .complex, multiValued: true, description: "Identity Store groups the user is assigned to.",
                subAttributes: [
                    SCIMAttribute("groupId", description: "The group identifier.", caseExact: true)
                ]),
            SCIMAttribute(
                "apiCredentials", .complex, multiValued: true, description: "The user's API client credentials.",
                mutability: .readOnly,
                subAttributes: [
                    SCIMAttribute(
                        "date", description: "Creation time of the credentials, in nanoseconds since the epoch.",
                        caseExact: true,
                        mutability: .readOnly),
                    SCIMAttribute(
                        "clientId", description: "The API client id.", caseExact: true, mutability: .readOnly),
                    SCIMAttribute(
                        "clientSecret", description: "The API client secret.", caseExact: true, mutability: .readOnly),
                ]),
            SCIMAttribute("lastLogIn", .dateTime, description: "Time of the user's last login.", mutability: .readOnly),
            SCIMAttribute(
                "lastPasswordChange", .dateTime, description: "Time of the user's last password change.",
                mutability: .readOnly),
            SCIMAttribute(
                "status",
                description: "Account status (the public sample code creates users \"staged\" and activates them).",
                caseExact: true),
        ])

    /// SecureAuth profiles carry ten auxiliary id fields (the public sample code sets `AuxID1`).
    static let ldapUser = SCIMSchema(
        id: ldapUserURN, name: "LDAPUser", description: "SecureAuth Identity Store LDAP attributes",
        attributes: (1...10).map { SCIMAttribute("AuxID\($0)", description: "Auxiliary identifier \($0).") })

    static let registry = SCIMRegistry(
        schemas: [CoreSchemas.user, CoreSchemas.group, secureAuthUser, ldapUser],
        resourceTypes: [
            SCIMResourceType(
                name: "User", endpoint: "Users", description: "User Account", schema: CoreSchemas.userURN,
                extensions: [.init(schema: secureAuthUserURN), .init(schema: ldapUserURN)]),
            SCIMResourceType(name: "Group", endpoint: "Groups", description: "Group", schema: CoreSchemas.groupURN),
        ],
        config: SCIMServiceProviderConfig(
            documentationUri: "https://docs.secureauth.com/2104/en/api-characteristics.html",
            patchSupported: true, filterMaxResults: 1000, sortSupported: true, etagSupported: true,
            authenticationSchemes: [
                SCIMServiceProviderConfig.oauthBearerToken(
                    name: "OAuth Bearer Token",
                    description:
                        "An access token from /api/v1/privy/ids/{ids_id}/g3/token (HTTP Basic with the user's API credentials)",
                    documentationUri: "https://docs.secureauth.com/2104/en/obtain-credentials.html")
            ]))
}
