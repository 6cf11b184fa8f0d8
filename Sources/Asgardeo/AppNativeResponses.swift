import HTTP
import JSON

/// The JSON of app-native authentication (`response_mode=direct`, `/oauth2/authn`) as FIXTURES.md §5 and the
/// `asgardeo` SDK expect it: flow states and the username-and-password prompt (errors are `AsgardeoError.appNative`).
enum AppNativeResponses {
    /// `base64("BasicAuthenticator:LOCAL")`, the id of the local username-and-password authenticator.
    static let basicAuthenticatorID = "QmFzaWNBdXRoZW50aWNhdG9yOkxPQ0FM"

    /// A flow waiting for credentials: `INCOMPLETE` at the start, `FAIL_INCOMPLETE` after wrong credentials
    /// (with an error message; the same flow may be retried).
    static func prompt(flowID: String, status: String, authnURL: String, error: String? = nil) -> Response {
        var step: JSONObject = [
            "stepType": "AUTHENTICATOR_PROMPT",
            "authenticators": [
                [
                    "authenticatorId": .string(basicAuthenticatorID),
                    "authenticator": "Username & Password",
                    "idp": "LOCAL",
                    "metadata": [
                        "i18nKey": "authenticator.basic",
                        "promptType": "USER_PROMPT",
                        "params": [
                            [
                                "param": "username", "type": "STRING", "order": 0, "i18nKey": "username.param",
                                "displayName": "Username", "confidential": false,
                            ],
                            [
                                "param": "password", "type": "STRING", "order": 1, "i18nKey": "password.param",
                                "displayName": "Password", "confidential": true,
                            ],
                        ],
                    ],
                    "requiredParams": ["username", "password"],
                ]
            ],
        ]
        if let error {
            step["messages"] = [
                [
                    "type": "ERROR", "messageId": "msg_invalid_username_password",
                    "message": .string(error),
                    "i18nKey": "message.msg_invalid_username_password",
                ]
            ]
        }
        return .json([
            "flowId": .string(flowID),
            "flowStatus": .string(status),
            "flowType": "AUTHENTICATION",
            "nextStep": .object(step),
            "links": [["name": "authentication", "href": .string(authnURL), "method": "POST"]],
        ])
    }

    /// The flow completed: the authorization code (and `state`) for the code exchange.
    static func completed(code: String, state: String?) -> Response {
        var authData: JSONObject = ["code": .string(code)]
        if let state { authData["state"] = .string(state) }
        return .json(["flowStatus": "SUCCESS_COMPLETED", "authData": .object(authData)])
    }
}
