/// The schemas RFC 7643 defines (§4.1 User, §4.2 Group, §4.3 Enterprise User) and the common attributes every
/// resource has (§3.1), as attribute definitions a vendor module registers (or adapts) for its resource types.
public enum CoreSchemas {
    public static let userURN = "urn:ietf:params:scim:schemas:core:2.0:User"
    public static let groupURN = "urn:ietf:params:scim:schemas:core:2.0:Group"
    public static let enterpriseUserURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    /// `id`, `externalId` and `meta` (RFC 7643 §3.1); not listed in `/Schemas`, but filterable and sortable.
    public static let commonAttributes: [SCIMAttribute] = [
        SCIMAttribute(
            "id", description: "Unique identifier for the SCIM resource as defined by the service provider.",
            caseExact: true, mutability: .readOnly, returned: .always, uniqueness: .server),
        SCIMAttribute(
            "externalId", description: "An identifier for the resource as defined by the provisioning client.",
            caseExact: true),
        SCIMAttribute(
            "meta", .complex, description: "Resource metadata.", mutability: .readOnly,
            subAttributes: [
                SCIMAttribute("resourceType", caseExact: true, mutability: .readOnly),
                SCIMAttribute("created", .dateTime, mutability: .readOnly),
                SCIMAttribute("lastModified", .dateTime, mutability: .readOnly),
                SCIMAttribute("location", .reference, caseExact: true, mutability: .readOnly, referenceTypes: ["uri"]),
                SCIMAttribute("version", caseExact: true, mutability: .readOnly),
            ]),
    ]

    private static func multiValued(
        _ name: String, _ description: String, valueType: SCIMAttribute.DataType = .string,
        referenceTypes: [String] = [], types: [String]
    ) -> SCIMAttribute {
        SCIMAttribute(
            name, .complex, multiValued: true, description: description,
            subAttributes: [
                SCIMAttribute(
                    "value", valueType, description: "The attribute's significant value.",
                    referenceTypes: referenceTypes),
                SCIMAttribute("display", description: "A human-readable name, primarily used for display purposes."),
                SCIMAttribute(
                    "type", description: "A label indicating the attribute's function.", canonicalValues: types),
                SCIMAttribute(
                    "primary", .boolean, description: "Indicates the 'primary' or preferred attribute value."),
            ])
    }

    /// RFC 7643 §4.1 / §8.7.1.
    public static let user = SCIMSchema(
        id: userURN, name: "User", description: "User Account",
        attributes: [
            SCIMAttribute(
                "userName",
                description: "Unique identifier for the User, typically used by the user to directly authenticate.",
                required: true, uniqueness: .server),
            SCIMAttribute(
                "name", .complex, description: "The components of the user's real name.",
                subAttributes: [
                    SCIMAttribute("formatted", description: "The full name, formatted for display."),
                    SCIMAttribute("familyName", description: "The family name of the User."),
                    SCIMAttribute("givenName", description: "The given name of the User."),
                    SCIMAttribute("middleName", description: "The middle name(s) of the User."),
                    SCIMAttribute("honorificPrefix", description: "The honorific prefix(es) of the User."),
                    SCIMAttribute("honorificSuffix", description: "The honorific suffix(es) of the User."),
                ]),
            SCIMAttribute("displayName", description: "The name of the User, suitable for display to end-users."),
            SCIMAttribute("nickName", description: "The casual way to address the user."),
            SCIMAttribute(
                "profileUrl", .reference,
                description: "A fully qualified URL pointing to a page representing the User's online profile.",
                referenceTypes: ["external"]),
            SCIMAttribute("title", description: "The user's title, such as \"Vice President\"."),
            SCIMAttribute(
                "userType", description: "Used to identify the relationship between the organization and the user."),
            SCIMAttribute(
                "preferredLanguage", description: "Indicates the User's preferred written or spoken language."),
            SCIMAttribute("locale", description: "Used to indicate the User's default location."),
            SCIMAttribute("timezone", description: "The User's time zone in the 'Olson' time zone database format."),
            SCIMAttribute(
                "active", .boolean, description: "A Boolean value indicating the User's administrative status."),
            SCIMAttribute(
                "password", description: "The User's cleartext password.", mutability: .writeOnly, returned: .never),
            multiValued("emails", "Email addresses for the user.", types: ["work", "home", "other"]),
            multiValued(
                "phoneNumbers", "Phone numbers for the User.",
                types: ["work", "home", "mobile", "fax", "pager", "other"]),
            multiValued(
                "ims", "Instant messaging addresses for the User.",
                types: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
            multiValued(
                "photos", "URLs of photos of the User.", valueType: .reference, referenceTypes: ["external"],
                types: ["photo", "thumbnail"]),
            SCIMAttribute(
                "addresses", .complex, multiValued: true, description: "A physical mailing address for this User.",
                subAttributes: [
                    SCIMAttribute("formatted", description: "The full mailing address, formatted for display."),
                    SCIMAttribute("streetAddress", description: "The full street address component."),
                    SCIMAttribute("locality", description: "The city or locality component."),
                    SCIMAttribute("region", description: "The state or region component."),
                    SCIMAttribute("postalCode", description: "The zip code or postal code component."),
                    SCIMAttribute("country", description: "The country name component."),
                    SCIMAttribute(
                        "type", description: "A label indicating the attribute's function.",
                        canonicalValues: ["work", "home", "other"]),
                    SCIMAttribute("primary", .boolean, description: "Indicates the 'primary' or preferred address."),
                ]),
            SCIMAttribute(
                "groups", .complex, multiValued: true, description: "A list of groups to which the user belongs.",
                mutability: .readOnly,
                subAttributes: [
                    SCIMAttribute("value", description: "The identifier of the User's group.", mutability: .readOnly),
                    SCIMAttribute(
                        "$ref", .reference, description: "The URI of the corresponding 'Group' resource.",
                        mutability: .readOnly,
                        referenceTypes: ["User", "Group"]),
                    SCIMAttribute("display", description: "A human-readable name.", mutability: .readOnly),
                    SCIMAttribute(
                        "type", description: "Direct or indirect membership.", mutability: .readOnly,
                        canonicalValues: ["direct", "indirect"]),
                ]),
            multiValued("entitlements", "A list of entitlements for the User.", types: []),
            multiValued("roles", "A list of roles for the User.", types: []),
            multiValued(
                "x509Certificates", "A list of certificates issued to the User.", valueType: .binary, types: []),
        ])

    /// RFC 7643 §4.2 / §8.7.1.
    public static let group = SCIMSchema(
        id: groupURN, name: "Group", description: "Group",
        attributes: [
            SCIMAttribute("displayName", description: "A human-readable name for the Group.", required: true),
            SCIMAttribute(
                "members", .complex, multiValued: true, description: "A list of members of the Group.",
                subAttributes: [
                    SCIMAttribute(
                        "value", description: "Identifier of the member of this Group.", mutability: .immutable),
                    SCIMAttribute(
                        "$ref", .reference,
                        description: "The URI corresponding to a SCIM resource that is a member of this Group.",
                        mutability: .immutable, referenceTypes: ["User", "Group"]),
                    SCIMAttribute("display", description: "A human-readable name for the member."),
                    SCIMAttribute(
                        "type", description: "A label indicating the type of resource.", mutability: .immutable,
                        canonicalValues: ["User", "Group"]),
                ]),
        ])

    /// RFC 7643 §4.3.
    public static let enterpriseUser = SCIMSchema(
        id: enterpriseUserURN, name: "EnterpriseUser", description: "Enterprise User",
        attributes: [
            SCIMAttribute("employeeNumber", description: "Numeric or alphanumeric identifier assigned to a person."),
            SCIMAttribute("costCenter", description: "Identifies the name of a cost center."),
            SCIMAttribute("organization", description: "Identifies the name of an organization."),
            SCIMAttribute("division", description: "Identifies the name of a division."),
            SCIMAttribute("department", description: "Identifies the name of a department."),
            SCIMAttribute(
                "manager", .complex, description: "The User's manager.",
                subAttributes: [
                    SCIMAttribute("value", description: "The id of the SCIM resource representing the User's manager."),
                    SCIMAttribute(
                        "$ref", .reference,
                        description: "The URI of the SCIM resource representing the User's manager.",
                        referenceTypes: ["User"]),
                    SCIMAttribute(
                        "displayName", description: "The displayName of the User's manager.", mutability: .readOnly),
                ]),
        ])
}
