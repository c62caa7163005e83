// AdditionalParam
interface AdditionalParam {
    parameter_name: string;
    parameter_value: string;
}

// Application
interface Application {
    name: string;
    channel_ids: string[];
    bridge_ids: string[];
    endpoint_ids: string[];
    device_names: string[];
    events_allowed: Record<string, unknown>[];
    events_disallowed: Record<string, unknown>[];
}

// ApplicationMoveFailed
interface ApplicationMoveFailed extends AriEventBase {
    type: 'ApplicationMoveFailed';
    channel: Channel;
    destination: string;
    args: string[];
}

// ApplicationRegistered
interface ApplicationRegistered extends AriEventBase {
    type: 'ApplicationRegistered';
}

// ApplicationReplaced
interface ApplicationReplaced extends AriEventBase {
    type: 'ApplicationReplaced';
}

// ApplicationsApi
interface ApplicationsApi {
    list(options?: AriRequestOptions): Promise<Application[]>;
    get(params: ApplicationsGetParams, options?: AriRequestOptions): Promise<Application>;
    subscribe(params: ApplicationsSubscribeParams, options?: AriRequestOptions): Promise<Application>;
    unsubscribe(params: ApplicationsUnsubscribeParams, options?: AriRequestOptions): Promise<Application>;
    filter(params: ApplicationsFilterParams, options?: AriRequestOptions): Promise<Application>;
}

// ApplicationsFilterParams
interface ApplicationsFilterParams {
    applicationName: string;
    filter?: Record<string, unknown>;
}

// ApplicationsGetParams
interface ApplicationsGetParams {
    applicationName: string;
}

// ApplicationsSubscribeParams
interface ApplicationsSubscribeParams {
    applicationName: string;
    eventSource: string | readonly string[];
}

// ApplicationsUnsubscribeParams
interface ApplicationsUnsubscribeParams {
    applicationName: string;
    eventSource: string | readonly string[];
}

// ApplicationUnregistered
interface ApplicationUnregistered extends AriEventBase {
    type: 'ApplicationUnregistered';
}

// ARI_DESCRIPTION_VERSION
declare const ARI_DESCRIPTION_VERSION: {
    readonly apiVersion: "10.0.0";
    readonly asterisk: "22.10.1";
};

// ARI_EVENT_TYPES
declare const ARI_EVENT_TYPES: readonly AriEventType[];

// ARI_OPERATIONS
declare const ARI_OPERATIONS: {
    readonly asterisk: {
        readonly getObject: {
            readonly method: "GET";
            readonly path: "/asterisk/config/dynamic/{configClass}/{objectType}/{id}";
            readonly params: readonly [
                {
                    readonly name: "configClass";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "objectType";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "id";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "{configClass|objectType|id} not found";
            };
        };
        readonly updateObject: {
            readonly method: "PUT";
            readonly path: "/asterisk/config/dynamic/{configClass}/{objectType}/{id}";
            readonly params: readonly [
                {
                    readonly name: "configClass";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "objectType";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "id";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "fields";
                    readonly in: "body";
                }
            ];
            readonly errors: {
                readonly 400: "Bad request body";
                readonly 403: "Could not create or update object";
                readonly 404: "{configClass|objectType} not found";
            };
        };
        readonly deleteObject: {
            readonly method: "DELETE";
            readonly path: "/asterisk/config/dynamic/{configClass}/{objectType}/{id}";
            readonly params: readonly [
                {
                    readonly name: "configClass";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "objectType";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "id";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 403: "Could not delete object";
                readonly 404: "{configClass|objectType|id} not found";
            };
        };
        readonly getInfo: {
            readonly method: "GET";
            readonly path: "/asterisk/info";
            readonly params: readonly [
                {
                    readonly name: "only";
                    readonly in: "query";
                    readonly multiple: true;
                }
            ];
        };
        readonly ping: {
            readonly method: "GET";
            readonly path: "/asterisk/ping";
            readonly params: readonly [
            ];
        };
        readonly listModules: {
            readonly method: "GET";
            readonly path: "/asterisk/modules";
            readonly params: readonly [
            ];
        };
        readonly getModule: {
            readonly method: "GET";
            readonly path: "/asterisk/modules/{moduleName}";
            readonly params: readonly [
                {
                    readonly name: "moduleName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Module could not be found in running modules.";
                readonly 409: "Module information could not be retrieved.";
            };
        };
        readonly loadModule: {
            readonly method: "POST";
            readonly path: "/asterisk/modules/{moduleName}";
            readonly params: readonly [
                {
                    readonly name: "moduleName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 409: "Module could not be loaded.";
            };
        };
        readonly unloadModule: {
            readonly method: "DELETE";
            readonly path: "/asterisk/modules/{moduleName}";
            readonly params: readonly [
                {
                    readonly name: "moduleName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Module not found in running modules.";
                readonly 409: "Module could not be unloaded.";
            };
        };
        readonly reloadModule: {
            readonly method: "PUT";
            readonly path: "/asterisk/modules/{moduleName}";
            readonly params: readonly [
                {
                    readonly name: "moduleName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Module not found in running modules.";
                readonly 409: "Module could not be reloaded.";
            };
        };
        readonly listLogChannels: {
            readonly method: "GET";
            readonly path: "/asterisk/logging";
            readonly params: readonly [
            ];
        };
        readonly addLog: {
            readonly method: "POST";
            readonly path: "/asterisk/logging/{logChannelName}";
            readonly params: readonly [
                {
                    readonly name: "logChannelName";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "configuration";
                    readonly in: "query";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 400: "Bad request body";
                readonly 409: "Log channel could not be created.";
            };
        };
        readonly deleteLog: {
            readonly method: "DELETE";
            readonly path: "/asterisk/logging/{logChannelName}";
            readonly params: readonly [
                {
                    readonly name: "logChannelName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Log channel does not exist.";
            };
        };
        readonly rotateLog: {
            readonly method: "PUT";
            readonly path: "/asterisk/logging/{logChannelName}/rotate";
            readonly params: readonly [
                {
                    readonly name: "logChannelName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Log channel does not exist.";
            };
        };
        readonly getGlobalVar: {
            readonly method: "GET";
            readonly path: "/asterisk/variable";
            readonly params: readonly [
                {
                    readonly name: "variable";
                    readonly in: "query";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 400: "Missing variable parameter.";
            };
        };
        readonly setGlobalVar: {
            readonly method: "POST";
            readonly path: "/asterisk/variable";
            readonly params: readonly [
                {
                    readonly name: "variable";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "value";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 400: "Missing variable parameter.";
            };
        };
    };
    readonly endpoints: {
        readonly list: {
            readonly method: "GET";
            readonly path: "/endpoints";
            readonly params: readonly [
            ];
        };
        readonly sendMessage: {
            readonly method: "PUT";
            readonly path: "/endpoints/sendMessage";
            readonly params: readonly [
                {
                    readonly name: "to";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "from";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "body";
                    readonly in: "query";
                },
                {
                    readonly name: "variables";
                    readonly in: "body";
                }
            ];
            readonly errors: {
                readonly 400: "Invalid parameters for sending a message.";
                readonly 404: "Endpoint not found";
            };
        };
        readonly refer: {
            readonly method: "POST";
            readonly path: "/endpoints/refer";
            readonly params: readonly [
                {
                    readonly name: "to";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "from";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "refer_to";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "to_self";
                    readonly in: "query";
                },
                {
                    readonly name: "variables";
                    readonly in: "body";
                }
            ];
            readonly errors: {
                readonly 400: "Invalid parameters for referring.";
                readonly 404: "Endpoint not found";
            };
        };
        readonly listByTech: {
            readonly method: "GET";
            readonly path: "/endpoints/{tech}";
            readonly params: readonly [
                {
                    readonly name: "tech";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Endpoints not found";
            };
        };
        readonly get: {
            readonly method: "GET";
            readonly path: "/endpoints/{tech}/{resource}";
            readonly params: readonly [
                {
                    readonly name: "tech";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "resource";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 400: "Invalid parameters for sending a message.";
                readonly 404: "Endpoints not found";
            };
        };
        readonly sendMessageToEndpoint: {
            readonly method: "PUT";
            readonly path: "/endpoints/{tech}/{resource}/sendMessage";
            readonly params: readonly [
                {
                    readonly name: "tech";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "resource";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "from";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "body";
                    readonly in: "query";
                },
                {
                    readonly name: "variables";
                    readonly in: "body";
                }
            ];
            readonly errors: {
                readonly 400: "Invalid parameters for sending a message.";
                readonly 404: "Endpoint not found";
            };
        };
        readonly referToEndpoint: {
            readonly method: "POST";
            readonly path: "/endpoints/{tech}/{resource}/refer";
            readonly params: readonly [
                {
                    readonly name: "tech";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "resource";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "from";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "refer_to";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "to_self";
                    readonly in: "query";
                },
                {
                    readonly name: "variables";
                    readonly in: "body";
                }
            ];
            readonly errors: {
                readonly 400: "Invalid parameters for referring.";
                readonly 404: "Endpoint not found";
            };
        };
    };
    readonly channels: {
        readonly list: {
            readonly method: "GET";
            readonly path: "/channels";
            readonly params: readonly [
            ];
        };
        readonly originate: {
            readonly method: "POST";
            readonly path: "/channels";
            readonly params: readonly [
                {
                    readonly name: "endpoint";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "extension";
                    readonly in: "query";
                },
                {
                    readonly name: "context";
                    readonly in: "query";
                },
                {
                    readonly name: "priority";
                    readonly in: "query";
                },
                {
                    readonly name: "label";
                    readonly in: "query";
                },
                {
                    readonly name: "app";
                    readonly in: "query";
                },
                {
                    readonly name: "appArgs";
                    readonly in: "query";
                },
                {
                    readonly name: "callerId";
                    readonly in: "query";
                },
                {
                    readonly name: "timeout";
                    readonly in: "query";
                },
                {
                    readonly name: "variables";
                    readonly in: "body";
                },
                {
                    readonly name: "channelId";
                    readonly in: "query";
                },
                {
                    readonly name: "otherChannelId";
                    readonly in: "query";
                },
                {
                    readonly name: "originator";
                    readonly in: "query";
                },
                {
                    readonly name: "formats";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 400: "Invalid parameters for originating a channel.";
                readonly 409: "Channel with given unique ID already exists.";
            };
        };
        readonly create: {
            readonly method: "POST";
            readonly path: "/channels/create";
            readonly params: readonly [
                {
                    readonly name: "endpoint";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "app";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "appArgs";
                    readonly in: "query";
                },
                {
                    readonly name: "channelId";
                    readonly in: "query";
                },
                {
                    readonly name: "otherChannelId";
                    readonly in: "query";
                },
                {
                    readonly name: "originator";
                    readonly in: "query";
                },
                {
                    readonly name: "formats";
                    readonly in: "query";
                },
                {
                    readonly name: "variables";
                    readonly in: "body";
                }
            ];
            readonly errors: {
                readonly 409: "Channel with given unique ID already exists.";
            };
        };
        readonly get: {
            readonly method: "GET";
            readonly path: "/channels/{channelId}";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
            };
        };
        readonly originateWithId: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "endpoint";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "extension";
                    readonly in: "query";
                },
                {
                    readonly name: "context";
                    readonly in: "query";
                },
                {
                    readonly name: "priority";
                    readonly in: "query";
                },
                {
                    readonly name: "label";
                    readonly in: "query";
                },
                {
                    readonly name: "app";
                    readonly in: "query";
                },
                {
                    readonly name: "appArgs";
                    readonly in: "query";
                },
                {
                    readonly name: "callerId";
                    readonly in: "query";
                },
                {
                    readonly name: "timeout";
                    readonly in: "query";
                },
                {
                    readonly name: "variables";
                    readonly in: "body";
                },
                {
                    readonly name: "otherChannelId";
                    readonly in: "query";
                },
                {
                    readonly name: "originator";
                    readonly in: "query";
                },
                {
                    readonly name: "formats";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 400: "Invalid parameters for originating a channel.";
                readonly 409: "Channel with given unique ID already exists.";
            };
        };
        readonly hangup: {
            readonly method: "DELETE";
            readonly path: "/channels/{channelId}";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "reason_code";
                    readonly in: "query";
                },
                {
                    readonly name: "reason";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 400: "Invalid reason for hangup provided";
                readonly 404: "Channel not found";
            };
        };
        readonly continueInDialplan: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/continue";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "context";
                    readonly in: "query";
                },
                {
                    readonly name: "extension";
                    readonly in: "query";
                },
                {
                    readonly name: "priority";
                    readonly in: "query";
                },
                {
                    readonly name: "label";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly move: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/move";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "app";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "appArgs";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
            };
        };
        readonly redirect: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/redirect";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "endpoint";
                    readonly in: "query";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 400: "Endpoint parameter not provided";
                readonly 404: "Channel or endpoint not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
                readonly 422: "Endpoint is not the same type as the channel";
            };
        };
        readonly answer: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/answer";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly ring: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/ring";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly ringStop: {
            readonly method: "DELETE";
            readonly path: "/channels/{channelId}/ring";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly progress: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/progress";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly sendDTMF: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/dtmf";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "dtmf";
                    readonly in: "query";
                },
                {
                    readonly name: "before";
                    readonly in: "query";
                },
                {
                    readonly name: "between";
                    readonly in: "query";
                },
                {
                    readonly name: "duration";
                    readonly in: "query";
                },
                {
                    readonly name: "after";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 400: "DTMF is required";
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly mute: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/mute";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "direction";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly unmute: {
            readonly method: "DELETE";
            readonly path: "/channels/{channelId}/mute";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "direction";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly hold: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/hold";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly unhold: {
            readonly method: "DELETE";
            readonly path: "/channels/{channelId}/hold";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly startMoh: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/moh";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "mohClass";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly stopMoh: {
            readonly method: "DELETE";
            readonly path: "/channels/{channelId}/moh";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly startSilence: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/silence";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly stopSilence: {
            readonly method: "DELETE";
            readonly path: "/channels/{channelId}/silence";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly play: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/play";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "media";
                    readonly in: "query";
                    readonly required: true;
                    readonly multiple: true;
                },
                {
                    readonly name: "lang";
                    readonly in: "query";
                },
                {
                    readonly name: "offsetms";
                    readonly in: "query";
                },
                {
                    readonly name: "skipms";
                    readonly in: "query";
                },
                {
                    readonly name: "playbackId";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly playWithId: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/play/{playbackId}";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "playbackId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "media";
                    readonly in: "query";
                    readonly required: true;
                    readonly multiple: true;
                },
                {
                    readonly name: "lang";
                    readonly in: "query";
                },
                {
                    readonly name: "offsetms";
                    readonly in: "query";
                },
                {
                    readonly name: "skipms";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
        readonly record: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/record";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "name";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "format";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "maxDurationSeconds";
                    readonly in: "query";
                },
                {
                    readonly name: "maxSilenceSeconds";
                    readonly in: "query";
                },
                {
                    readonly name: "ifExists";
                    readonly in: "query";
                },
                {
                    readonly name: "beep";
                    readonly in: "query";
                },
                {
                    readonly name: "terminateOn";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 400: "Invalid parameters";
                readonly 404: "Channel not found";
                readonly 409: "Channel is not in a Stasis application; the channel is currently bridged with other channels; A recording with the same name already exists on the system and can not be overwritten because it is in progress or ifExists=fail";
                readonly 422: "The format specified is unknown on this system";
            };
        };
        readonly getChannelVar: {
            readonly method: "GET";
            readonly path: "/channels/{channelId}/variable";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "variable";
                    readonly in: "query";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 400: "Missing variable parameter.";
                readonly 404: "Channel or variable not found";
                readonly 409: "Channel not in a Stasis application";
            };
        };
        readonly setChannelVar: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/variable";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "variable";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "value";
                    readonly in: "query";
                },
                {
                    readonly name: "report_events";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 400: "Missing variable parameter.";
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
            };
        };
        readonly getChannelVars: {
            readonly method: "GET";
            readonly path: "/channels/{channelId}/variables";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "variables";
                    readonly in: "query";
                    readonly required: true;
                    readonly multiple: true;
                }
            ];
            readonly errors: {
                readonly 400: "Missing variables parameter.";
                readonly 404: "Channel or variable not found";
                readonly 409: "Channel not in a Stasis application";
            };
        };
        readonly setChannelVars: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/variables";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "variables";
                    readonly in: "body";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 400: "Missing variables parameter.";
                readonly 404: "Channel not found";
                readonly 409: "Channel not in a Stasis application";
            };
        };
        readonly snoopChannel: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/snoop";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "spy";
                    readonly in: "query";
                },
                {
                    readonly name: "whisper";
                    readonly in: "query";
                },
                {
                    readonly name: "app";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "appArgs";
                    readonly in: "query";
                },
                {
                    readonly name: "snoopId";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 400: "Invalid parameters";
                readonly 404: "Channel not found";
            };
        };
        readonly snoopChannelWithId: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/snoop/{snoopId}";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "snoopId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "spy";
                    readonly in: "query";
                },
                {
                    readonly name: "whisper";
                    readonly in: "query";
                },
                {
                    readonly name: "app";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "appArgs";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 400: "Invalid parameters";
                readonly 404: "Channel not found";
            };
        };
        readonly dial: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/dial";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "caller";
                    readonly in: "query";
                },
                {
                    readonly name: "timeout";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 404: "Channel cannot be found.";
                readonly 409: "Channel cannot be dialed.";
            };
        };
        readonly rtpstatistics: {
            readonly method: "GET";
            readonly path: "/channels/{channelId}/rtp_statistics";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Channel cannot be found.";
            };
        };
        readonly externalMedia: {
            readonly method: "POST";
            readonly path: "/channels/externalMedia";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "query";
                },
                {
                    readonly name: "app";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "variables";
                    readonly in: "body";
                },
                {
                    readonly name: "external_host";
                    readonly in: "query";
                },
                {
                    readonly name: "encapsulation";
                    readonly in: "query";
                },
                {
                    readonly name: "transport";
                    readonly in: "query";
                },
                {
                    readonly name: "connection_type";
                    readonly in: "query";
                },
                {
                    readonly name: "format";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "direction";
                    readonly in: "query";
                },
                {
                    readonly name: "data";
                    readonly in: "query";
                },
                {
                    readonly name: "transport_data";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 400: "Invalid parameters";
                readonly 409: "Channel is not in a Stasis application; Channel is already bridged";
            };
        };
        readonly transfer_progress: {
            readonly method: "POST";
            readonly path: "/channels/{channelId}/transfer_progress";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "states";
                    readonly in: "query";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 400: "Endpoint parameter not provided";
                readonly 404: "Channel or endpoint not found";
                readonly 409: "Channel not in a Stasis application";
                readonly 412: "Channel in invalid state";
            };
        };
    };
    readonly bridges: {
        readonly list: {
            readonly method: "GET";
            readonly path: "/bridges";
            readonly params: readonly [
            ];
        };
        readonly create: {
            readonly method: "POST";
            readonly path: "/bridges";
            readonly params: readonly [
                {
                    readonly name: "type";
                    readonly in: "query";
                },
                {
                    readonly name: "bridgeId";
                    readonly in: "query";
                },
                {
                    readonly name: "name";
                    readonly in: "query";
                },
                {
                    readonly name: "variables";
                    readonly in: "body";
                }
            ];
            readonly errors: {
                readonly 409: "Bridge with the same bridgeId already exists";
            };
        };
        readonly createWithId: {
            readonly method: "POST";
            readonly path: "/bridges/{bridgeId}";
            readonly params: readonly [
                {
                    readonly name: "type";
                    readonly in: "query";
                },
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "name";
                    readonly in: "query";
                },
                {
                    readonly name: "variables";
                    readonly in: "body";
                }
            ];
            readonly errors: {
                readonly 409: "Bridge with the same bridgeId already exists";
            };
        };
        readonly get: {
            readonly method: "GET";
            readonly path: "/bridges/{bridgeId}";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Bridge not found";
            };
        };
        readonly destroy: {
            readonly method: "DELETE";
            readonly path: "/bridges/{bridgeId}";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Bridge not found";
            };
        };
        readonly getBridgeVar: {
            readonly method: "GET";
            readonly path: "/bridges/{bridgeId}/variable";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "variable";
                    readonly in: "query";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 400: "Missing variable parameter.";
                readonly 404: "Bridge or variable not found";
                readonly 409: "Bridge not in a Stasis application";
            };
        };
        readonly setBridgeVar: {
            readonly method: "POST";
            readonly path: "/bridges/{bridgeId}/variable";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "variable";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "value";
                    readonly in: "query";
                },
                {
                    readonly name: "report_events";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 400: "Missing variable parameter.";
                readonly 404: "Bridge not found";
                readonly 409: "Bridge not in a Stasis application";
            };
        };
        readonly getBridgeVars: {
            readonly method: "GET";
            readonly path: "/bridges/{bridgeId}/variables";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "variables";
                    readonly in: "query";
                    readonly required: true;
                    readonly multiple: true;
                }
            ];
            readonly errors: {
                readonly 400: "Missing variables parameter.";
                readonly 404: "Bridge or variable not found";
                readonly 409: "Bridge not in a Stasis application";
            };
        };
        readonly setBridgeVars: {
            readonly method: "POST";
            readonly path: "/bridges/{bridgeId}/variables";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "variables";
                    readonly in: "body";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 400: "Missing variables parameter.";
                readonly 404: "Bridge not found";
                readonly 409: "Bridge not in a Stasis application";
            };
        };
        readonly addChannel: {
            readonly method: "POST";
            readonly path: "/bridges/{bridgeId}/addChannel";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "channel";
                    readonly in: "query";
                    readonly required: true;
                    readonly multiple: true;
                },
                {
                    readonly name: "role";
                    readonly in: "query";
                },
                {
                    readonly name: "absorbDTMF";
                    readonly in: "query";
                },
                {
                    readonly name: "mute";
                    readonly in: "query";
                },
                {
                    readonly name: "inhibitConnectedLineUpdates";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 400: "Channel not found";
                readonly 404: "Bridge not found";
                readonly 409: "Bridge not in Stasis application; Channel currently recording";
                readonly 422: "Channel not in Stasis application";
            };
        };
        readonly removeChannel: {
            readonly method: "POST";
            readonly path: "/bridges/{bridgeId}/removeChannel";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "channel";
                    readonly in: "query";
                    readonly required: true;
                    readonly multiple: true;
                }
            ];
            readonly errors: {
                readonly 400: "Channel not found";
                readonly 404: "Bridge not found";
                readonly 409: "Bridge not in Stasis application";
                readonly 422: "Channel not in this bridge";
            };
        };
        readonly setVideoSource: {
            readonly method: "POST";
            readonly path: "/bridges/{bridgeId}/videoSource/{channelId}";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "channelId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Bridge or Channel not found";
                readonly 409: "Channel not in Stasis application";
                readonly 422: "Channel not in this Bridge";
            };
        };
        readonly clearVideoSource: {
            readonly method: "DELETE";
            readonly path: "/bridges/{bridgeId}/videoSource";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Bridge not found";
            };
        };
        readonly startMoh: {
            readonly method: "POST";
            readonly path: "/bridges/{bridgeId}/moh";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "mohClass";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 404: "Bridge not found";
                readonly 409: "Bridge not in Stasis application";
            };
        };
        readonly stopMoh: {
            readonly method: "DELETE";
            readonly path: "/bridges/{bridgeId}/moh";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Bridge not found";
                readonly 409: "Bridge not in Stasis application";
            };
        };
        readonly play: {
            readonly method: "POST";
            readonly path: "/bridges/{bridgeId}/play";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "media";
                    readonly in: "query";
                    readonly required: true;
                    readonly multiple: true;
                },
                {
                    readonly name: "announcer_format";
                    readonly in: "query";
                },
                {
                    readonly name: "lang";
                    readonly in: "query";
                },
                {
                    readonly name: "offsetms";
                    readonly in: "query";
                },
                {
                    readonly name: "skipms";
                    readonly in: "query";
                },
                {
                    readonly name: "playbackId";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 404: "Bridge not found";
                readonly 409: "Bridge not in a Stasis application";
                readonly 422: "The format specified is unknown on this system";
            };
        };
        readonly playWithId: {
            readonly method: "POST";
            readonly path: "/bridges/{bridgeId}/play/{playbackId}";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "playbackId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "media";
                    readonly in: "query";
                    readonly required: true;
                    readonly multiple: true;
                },
                {
                    readonly name: "announcer_format";
                    readonly in: "query";
                },
                {
                    readonly name: "lang";
                    readonly in: "query";
                },
                {
                    readonly name: "offsetms";
                    readonly in: "query";
                },
                {
                    readonly name: "skipms";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 404: "Bridge not found";
                readonly 409: "Bridge not in a Stasis application";
                readonly 422: "The format specified is unknown on this system";
            };
        };
        readonly record: {
            readonly method: "POST";
            readonly path: "/bridges/{bridgeId}/record";
            readonly params: readonly [
                {
                    readonly name: "bridgeId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "name";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "format";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "recorder_format";
                    readonly in: "query";
                },
                {
                    readonly name: "maxDurationSeconds";
                    readonly in: "query";
                },
                {
                    readonly name: "maxSilenceSeconds";
                    readonly in: "query";
                },
                {
                    readonly name: "ifExists";
                    readonly in: "query";
                },
                {
                    readonly name: "beep";
                    readonly in: "query";
                },
                {
                    readonly name: "terminateOn";
                    readonly in: "query";
                }
            ];
            readonly errors: {
                readonly 400: "Invalid parameters";
                readonly 404: "Bridge not found";
                readonly 409: "Bridge is not in a Stasis application; A recording with the same name already exists on the system and can not be overwritten because it is in progress or ifExists=fail";
                readonly 422: "The format specified is unknown on this system";
            };
        };
    };
    readonly recordings: {
        readonly listStored: {
            readonly method: "GET";
            readonly path: "/recordings/stored";
            readonly params: readonly [
            ];
        };
        readonly getStored: {
            readonly method: "GET";
            readonly path: "/recordings/stored/{recordingName}";
            readonly params: readonly [
                {
                    readonly name: "recordingName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Recording not found";
            };
        };
        readonly deleteStored: {
            readonly method: "DELETE";
            readonly path: "/recordings/stored/{recordingName}";
            readonly params: readonly [
                {
                    readonly name: "recordingName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Recording not found";
            };
        };
        readonly getStoredFile: {
            readonly method: "GET";
            readonly path: "/recordings/stored/{recordingName}/file";
            readonly params: readonly [
                {
                    readonly name: "recordingName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly binary: true;
            readonly errors: {
                readonly 403: "The recording file could not be opened";
                readonly 404: "Recording not found";
            };
        };
        readonly copyStored: {
            readonly method: "POST";
            readonly path: "/recordings/stored/{recordingName}/copy";
            readonly params: readonly [
                {
                    readonly name: "recordingName";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "destinationRecordingName";
                    readonly in: "query";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Recording not found";
                readonly 409: "A recording with the same name already exists on the system";
            };
        };
        readonly getLive: {
            readonly method: "GET";
            readonly path: "/recordings/live/{recordingName}";
            readonly params: readonly [
                {
                    readonly name: "recordingName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Recording not found";
            };
        };
        readonly cancel: {
            readonly method: "DELETE";
            readonly path: "/recordings/live/{recordingName}";
            readonly params: readonly [
                {
                    readonly name: "recordingName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Recording not found";
            };
        };
        readonly stop: {
            readonly method: "POST";
            readonly path: "/recordings/live/{recordingName}/stop";
            readonly params: readonly [
                {
                    readonly name: "recordingName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Recording not found";
            };
        };
        readonly pause: {
            readonly method: "POST";
            readonly path: "/recordings/live/{recordingName}/pause";
            readonly params: readonly [
                {
                    readonly name: "recordingName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Recording not found";
                readonly 409: "Recording not in session";
            };
        };
        readonly unpause: {
            readonly method: "DELETE";
            readonly path: "/recordings/live/{recordingName}/pause";
            readonly params: readonly [
                {
                    readonly name: "recordingName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Recording not found";
                readonly 409: "Recording not in session";
            };
        };
        readonly mute: {
            readonly method: "POST";
            readonly path: "/recordings/live/{recordingName}/mute";
            readonly params: readonly [
                {
                    readonly name: "recordingName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Recording not found";
                readonly 409: "Recording not in session";
            };
        };
        readonly unmute: {
            readonly method: "DELETE";
            readonly path: "/recordings/live/{recordingName}/mute";
            readonly params: readonly [
                {
                    readonly name: "recordingName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Recording not found";
                readonly 409: "Recording not in session";
            };
        };
    };
    readonly sounds: {
        readonly list: {
            readonly method: "GET";
            readonly path: "/sounds";
            readonly params: readonly [
                {
                    readonly name: "lang";
                    readonly in: "query";
                },
                {
                    readonly name: "format";
                    readonly in: "query";
                }
            ];
        };
        readonly get: {
            readonly method: "GET";
            readonly path: "/sounds/{soundId}";
            readonly params: readonly [
                {
                    readonly name: "soundId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
        };
    };
    readonly playbacks: {
        readonly get: {
            readonly method: "GET";
            readonly path: "/playbacks/{playbackId}";
            readonly params: readonly [
                {
                    readonly name: "playbackId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "The playback cannot be found";
            };
        };
        readonly stop: {
            readonly method: "DELETE";
            readonly path: "/playbacks/{playbackId}";
            readonly params: readonly [
                {
                    readonly name: "playbackId";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "The playback cannot be found";
            };
        };
        readonly control: {
            readonly method: "POST";
            readonly path: "/playbacks/{playbackId}/control";
            readonly params: readonly [
                {
                    readonly name: "playbackId";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "operation";
                    readonly in: "query";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 400: "The provided operation parameter was invalid";
                readonly 404: "The playback cannot be found";
                readonly 409: "The operation cannot be performed in the playback's current state";
            };
        };
    };
    readonly deviceStates: {
        readonly list: {
            readonly method: "GET";
            readonly path: "/deviceStates";
            readonly params: readonly [
            ];
        };
        readonly get: {
            readonly method: "GET";
            readonly path: "/deviceStates/{deviceName}";
            readonly params: readonly [
                {
                    readonly name: "deviceName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
        };
        readonly update: {
            readonly method: "PUT";
            readonly path: "/deviceStates/{deviceName}";
            readonly params: readonly [
                {
                    readonly name: "deviceName";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "deviceState";
                    readonly in: "query";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Device name is missing";
                readonly 409: "Uncontrolled device specified";
            };
        };
        readonly delete: {
            readonly method: "DELETE";
            readonly path: "/deviceStates/{deviceName}";
            readonly params: readonly [
                {
                    readonly name: "deviceName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Device name is missing";
                readonly 409: "Uncontrolled device specified";
            };
        };
    };
    readonly mailboxes: {
        readonly list: {
            readonly method: "GET";
            readonly path: "/mailboxes";
            readonly params: readonly [
            ];
        };
        readonly get: {
            readonly method: "GET";
            readonly path: "/mailboxes/{mailboxName}";
            readonly params: readonly [
                {
                    readonly name: "mailboxName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Mailbox not found";
            };
        };
        readonly update: {
            readonly method: "PUT";
            readonly path: "/mailboxes/{mailboxName}";
            readonly params: readonly [
                {
                    readonly name: "mailboxName";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "oldMessages";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "newMessages";
                    readonly in: "query";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Mailbox not found";
            };
        };
        readonly delete: {
            readonly method: "DELETE";
            readonly path: "/mailboxes/{mailboxName}";
            readonly params: readonly [
                {
                    readonly name: "mailboxName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Mailbox not found";
            };
        };
    };
    readonly events: {
        readonly userEvent: {
            readonly method: "POST";
            readonly path: "/events/user/{eventName}";
            readonly params: readonly [
                {
                    readonly name: "eventName";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "application";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "source";
                    readonly in: "query";
                    readonly multiple: true;
                },
                {
                    readonly name: "variables";
                    readonly in: "body";
                }
            ];
            readonly errors: {
                readonly 400: "Invalid even tsource URI or userevent data.";
                readonly 404: "Application does not exist.";
                readonly 422: "Event source not found.";
            };
        };
        readonly claimChannel: {
            readonly method: "POST";
            readonly path: "/events/claim";
            readonly params: readonly [
                {
                    readonly name: "channelId";
                    readonly in: "query";
                    readonly required: true;
                },
                {
                    readonly name: "application";
                    readonly in: "query";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Channel not found or not in broadcast state.";
                readonly 409: "Channel has already been claimed by another application.";
            };
        };
    };
    readonly applications: {
        readonly list: {
            readonly method: "GET";
            readonly path: "/applications";
            readonly params: readonly [
            ];
        };
        readonly get: {
            readonly method: "GET";
            readonly path: "/applications/{applicationName}";
            readonly params: readonly [
                {
                    readonly name: "applicationName";
                    readonly in: "path";
                    readonly required: true;
                }
            ];
            readonly errors: {
                readonly 404: "Application does not exist.";
            };
        };
        readonly subscribe: {
            readonly method: "POST";
            readonly path: "/applications/{applicationName}/subscription";
            readonly params: readonly [
                {
                    readonly name: "applicationName";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "eventSource";
                    readonly in: "query";
                    readonly required: true;
                    readonly multiple: true;
                }
            ];
            readonly errors: {
                readonly 400: "Missing parameter.";
                readonly 404: "Application does not exist.";
                readonly 422: "Event source does not exist.";
            };
        };
        readonly unsubscribe: {
            readonly method: "DELETE";
            readonly path: "/applications/{applicationName}/subscription";
            readonly params: readonly [
                {
                    readonly name: "applicationName";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "eventSource";
                    readonly in: "query";
                    readonly required: true;
                    readonly multiple: true;
                }
            ];
            readonly errors: {
                readonly 400: "Missing parameter; event source scheme not recognized.";
                readonly 404: "Application does not exist.";
                readonly 409: "Application not subscribed to event source.";
                readonly 422: "Event source does not exist.";
            };
        };
        readonly filter: {
            readonly method: "PUT";
            readonly path: "/applications/{applicationName}/eventFilter";
            readonly params: readonly [
                {
                    readonly name: "applicationName";
                    readonly in: "path";
                    readonly required: true;
                },
                {
                    readonly name: "filter";
                    readonly in: "body";
                }
            ];
            readonly errors: {
                readonly 400: "Bad request.";
                readonly 404: "Application does not exist.";
            };
        };
    };
};

// AriApi
interface AriApi {
    asterisk: AsteriskApi;
    endpoints: EndpointsApi;
    channels: ChannelsApi;
    bridges: BridgesApi;
    recordings: RecordingsApi;
    sounds: SoundsApi;
    playbacks: PlaybacksApi;
    deviceStates: DeviceStatesApi;
    mailboxes: MailboxesApi;
    events: EventsApi;
    applications: ApplicationsApi;
}

// AriClient
declare class AriClient extends TypedEmitter<AriClientEvents> implements AriApi {
    #private;
    readonly asterisk: AsteriskApi;
    readonly endpoints: EndpointsApi;
    readonly channels: ChannelsApi;
    readonly bridges: BridgesApi;
    readonly recordings: RecordingsApi;
    readonly sounds: SoundsApi;
    readonly playbacks: PlaybacksApi;
    readonly deviceStates: DeviceStatesApi;
    readonly mailboxes: MailboxesApi;
    readonly events: EventsApi;
    readonly applications: ApplicationsApi;
    constructor(options: AriClientOptions);
    get address(): string;
    supports(operation: string, parameter?: string, options?: AriRequestOptions): Promise<boolean>;
    get state(): EventsSocketState;
    app(name: string, options?: StasisAppOptions): StasisApp;
    close(): Promise<void>;
}

// AriClientEvents
interface AriClientEvents {
    message: (message: AriMessage) => void;
    state: (state: EventsSocketState, previous: EventsSocketState) => void;
    error: (error: AipbxError) => void;
}

// AriClientOptions
interface AriClientOptions {
    url: string;
    username: string;
    password: string;
    ca?: string | Buffer | readonly (string | Buffer)[];
    requestTimeoutMs?: number;
    connectTimeoutMs?: number;
    pingIntervalMs?: number;
    pingTimeoutMs?: number;
    reconnect?: ReconnectOptions | false;
    subscribeAll?: boolean;
    maxSockets?: number;
    logger?: Logger;
}

// AriEvent
type AriEvent = ApplicationMoveFailed | ApplicationRegistered | ApplicationReplaced | ApplicationUnregistered | BridgeAttendedTransfer | BridgeBlindTransfer | BridgeCreated | BridgeDestroyed | BridgeMerged | BridgeVideoSourceChanged | CallBroadcast | CallClaimed | ChannelCallerId | ChannelConnectedLine | ChannelCreated | ChannelDestroyed | ChannelDialplan | ChannelDtmfReceived | ChannelEnteredBridge | ChannelHangupRequest | ChannelHold | ChannelLeftBridge | ChannelStateChange | ChannelTalkingFinished | ChannelTalkingStarted | ChannelToneDetected | ChannelTransfer | ChannelUnhold | ChannelUserevent | ChannelVarset | ContactStatusChange | DeviceStateChanged | Dial | EndpointStateChange | PeerStatusChange | PlaybackContinuing | PlaybackFinished | PlaybackStarted | RESTResponse | RecordingFailed | RecordingFinished | RecordingStarted | StasisEnd | StasisStart | TextMessageReceived;

// AriEventBase
interface AriEventBase {
    type: string;
    asterisk_id?: string;
    application: string;
    timestamp: string;
}

// AriEventOf
type AriEventOf<T extends AriEventType> = Extract<AriEvent, {
    type: T;
}>;

// AriEventType
type AriEventType = AriEvent['type'];

// AriHttpError
declare class AriHttpError extends RemoteError {
    readonly operation: string;
    readonly ids: Readonly<Record<string, string>>;
    constructor(message: string, details: AriHttpErrorDetails, options?: AipbxErrorOptions);
}

// AriHttpErrorDetails
interface AriHttpErrorDetails {
    operation: string;
    status: number;
    remoteMessage: string;
    ids: Readonly<Record<string, string>>;
}

// AriMessage
type AriMessage = AriEvent | MissingParams;

// AriOperationSpec
interface AriOperationSpec {
    readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
    readonly path: string;
    readonly params: readonly AriParamSpec[];
    readonly binary?: true;
    readonly errors?: Readonly<Record<number, string>>;
}

// AriParamLocation
type AriParamLocation = 'path' | 'query' | 'body';

// AriParamSpec
interface AriParamSpec {
    readonly name: string;
    readonly in: AriParamLocation;
    readonly required?: true;
    readonly multiple?: true;
}

// AriPool
declare class AriPool extends TypedEmitter<AriPoolEvents> {
    #private;
    constructor(options: AriPoolOptions);
    get names(): string[];
    client(name: string): AriClient;
    states(): Record<string, PoolPbxState>;
    app(name: string, options?: StasisAppOptions): {
        onCall(handler: PoolCallHandler): void;
    };
    start(): Promise<Record<string, PoolPbxState>>;
    close(): Promise<void>;
}

// AriPoolEvents
interface AriPoolEvents {
    pbx: (name: string, state: PoolPbxState) => void;
    error: (error: Error, pbx: string, call?: Call) => void;
}

// AriPoolOptions
interface AriPoolOptions {
    pbxs: readonly PoolPbx[];
    logger?: Logger;
}

// AriRequestOptions
interface AriRequestOptions {
    signal?: AbortSignal;
    timeoutMs?: number;
}

// AriServer
declare class AriServer extends TypedEmitter<AriServerEvents> {
    #private;
    constructor(options: AriServerOptions);
    get sessions(): number;
    app(name: string, options?: StasisAppOptions): {
        onCall(handler: CallHandler): void;
        on(event: 'error', listener: (error: Error) => void): void;
    };
    listen(): Promise<number>;
    close(): Promise<void>;
}

// AriServerEvents
interface AriServerEvents {
    session: (info: {
        remote: string;
        sessions: number;
    }) => void;
    error: (error: Error, call?: Call) => void;
}

// AriServerOptions
interface AriServerOptions {
    port: number;
    host?: string;
    username: string;
    password: string;
    asterisk?: {
        url: string;
        username: string;
        password: string;
        ca?: string | Buffer;
    };
    requestTimeoutMs?: number;
    logger?: Logger;
}

// AsteriskAddLogParams
interface AsteriskAddLogParams {
    logChannelName: string;
    configuration: string;
}

// AsteriskApi
interface AsteriskApi {
    getObject(params: AsteriskGetObjectParams, options?: AriRequestOptions): Promise<ConfigTuple[]>;
    updateObject(params: AsteriskUpdateObjectParams, options?: AriRequestOptions): Promise<ConfigTuple[]>;
    deleteObject(params: AsteriskDeleteObjectParams, options?: AriRequestOptions): Promise<void>;
    getInfo(params?: AsteriskGetInfoParams, options?: AriRequestOptions): Promise<AsteriskInfo>;
    ping(options?: AriRequestOptions): Promise<AsteriskPing>;
    listModules(options?: AriRequestOptions): Promise<Module[]>;
    getModule(params: AsteriskGetModuleParams, options?: AriRequestOptions): Promise<Module>;
    loadModule(params: AsteriskLoadModuleParams, options?: AriRequestOptions): Promise<void>;
    unloadModule(params: AsteriskUnloadModuleParams, options?: AriRequestOptions): Promise<void>;
    reloadModule(params: AsteriskReloadModuleParams, options?: AriRequestOptions): Promise<void>;
    listLogChannels(options?: AriRequestOptions): Promise<LogChannel[]>;
    addLog(params: AsteriskAddLogParams, options?: AriRequestOptions): Promise<void>;
    deleteLog(params: AsteriskDeleteLogParams, options?: AriRequestOptions): Promise<void>;
    rotateLog(params: AsteriskRotateLogParams, options?: AriRequestOptions): Promise<void>;
    getGlobalVar(params: AsteriskGetGlobalVarParams, options?: AriRequestOptions): Promise<Variable>;
    setGlobalVar(params: AsteriskSetGlobalVarParams, options?: AriRequestOptions): Promise<void>;
}

// AsteriskDeleteLogParams
interface AsteriskDeleteLogParams {
    logChannelName: string;
}

// AsteriskDeleteObjectParams
interface AsteriskDeleteObjectParams {
    configClass: string;
    objectType: string;
    id: string;
}

// AsteriskGetGlobalVarParams
interface AsteriskGetGlobalVarParams {
    variable: string;
}

// AsteriskGetInfoParams
interface AsteriskGetInfoParams {
    only?: 'build' | 'system' | 'config' | 'status' | readonly ('build' | 'system' | 'config' | 'status')[];
}

// AsteriskGetModuleParams
interface AsteriskGetModuleParams {
    moduleName: string;
}

// AsteriskGetObjectParams
interface AsteriskGetObjectParams {
    configClass: string;
    objectType: string;
    id: string;
}

// AsteriskInfo
interface AsteriskInfo {
    build?: BuildInfo;
    system?: SystemInfo;
    config?: ConfigInfo;
    status?: StatusInfo;
}

// AsteriskLoadModuleParams
interface AsteriskLoadModuleParams {
    moduleName: string;
}

// AsteriskPing
interface AsteriskPing {
    asterisk_id: string;
    ping: string;
    timestamp: string;
}

// AsteriskReloadModuleParams
interface AsteriskReloadModuleParams {
    moduleName: string;
}

// AsteriskRotateLogParams
interface AsteriskRotateLogParams {
    logChannelName: string;
}

// AsteriskSetGlobalVarParams
interface AsteriskSetGlobalVarParams {
    variable: string;
    value?: string;
}

// AsteriskUnloadModuleParams
interface AsteriskUnloadModuleParams {
    moduleName: string;
}

// AsteriskUpdateObjectParams
interface AsteriskUpdateObjectParams {
    configClass: string;
    objectType: string;
    id: string;
    fields?: Record<string, string>;
}

// Bridge
interface Bridge {
    id: string;
    technology: string;
    bridge_type: 'mixing' | 'holding';
    bridge_class: string;
    creator: string;
    name: string;
    channels: string[];
    video_mode?: string;
    video_source_id?: string;
    creationtime: string;
    bridgevars?: Record<string, unknown>;
}

// BridgeAttendedTransfer
interface BridgeAttendedTransfer extends AriEventBase {
    type: 'BridgeAttendedTransfer';
    transferer_first_leg: Channel;
    transferer_second_leg: Channel;
    replace_channel?: Channel;
    transferee?: Channel;
    transfer_target?: Channel;
    result: string;
    is_external: boolean;
    transferer_first_leg_bridge?: Bridge;
    transferer_second_leg_bridge?: Bridge;
    destination_type: string;
    destination_bridge?: string;
    destination_application?: string;
    destination_link_first_leg?: Channel;
    destination_link_second_leg?: Channel;
    destination_threeway_channel?: Channel;
    destination_threeway_bridge?: Bridge;
}

// BridgeBlindTransfer
interface BridgeBlindTransfer extends AriEventBase {
    type: 'BridgeBlindTransfer';
    channel: Channel;
    replace_channel?: Channel;
    transferee?: Channel;
    exten: string;
    context: string;
    result: string;
    is_external: boolean;
    bridge?: Bridge;
}

// BridgeCreated
interface BridgeCreated extends AriEventBase {
    type: 'BridgeCreated';
    bridge: Bridge;
}

// BridgeDestroyed
interface BridgeDestroyed extends AriEventBase {
    type: 'BridgeDestroyed';
    bridge: Bridge;
}

// BridgedLeg
interface BridgedLeg {
    channelId: string;
    bridgeId: string;
    hangup(): Promise<void>;
}

// BridgeMerged
interface BridgeMerged extends AriEventBase {
    type: 'BridgeMerged';
    bridge: Bridge;
    bridge_from: Bridge;
}

// BridgesAddChannelParams
interface BridgesAddChannelParams {
    bridgeId: string;
    channel: string | readonly string[];
    role?: string;
    absorbDTMF?: boolean;
    mute?: boolean;
    inhibitConnectedLineUpdates?: boolean;
}

// BridgesApi
interface BridgesApi {
    list(options?: AriRequestOptions): Promise<Bridge[]>;
    create(params?: BridgesCreateParams, options?: AriRequestOptions): Promise<Bridge>;
    createWithId(params: BridgesCreateWithIdParams, options?: AriRequestOptions): Promise<Bridge>;
    get(params: BridgesGetParams, options?: AriRequestOptions): Promise<Bridge>;
    destroy(params: BridgesDestroyParams, options?: AriRequestOptions): Promise<void>;
    getBridgeVar(params: BridgesGetBridgeVarParams, options?: AriRequestOptions): Promise<Variable>;
    setBridgeVar(params: BridgesSetBridgeVarParams, options?: AriRequestOptions): Promise<void>;
    getBridgeVars(params: BridgesGetBridgeVarsParams, options?: AriRequestOptions): Promise<Variables>;
    setBridgeVars(params: BridgesSetBridgeVarsParams, options?: AriRequestOptions): Promise<void>;
    addChannel(params: BridgesAddChannelParams, options?: AriRequestOptions): Promise<void>;
    removeChannel(params: BridgesRemoveChannelParams, options?: AriRequestOptions): Promise<void>;
    setVideoSource(params: BridgesSetVideoSourceParams, options?: AriRequestOptions): Promise<void>;
    clearVideoSource(params: BridgesClearVideoSourceParams, options?: AriRequestOptions): Promise<void>;
    startMoh(params: BridgesStartMohParams, options?: AriRequestOptions): Promise<void>;
    stopMoh(params: BridgesStopMohParams, options?: AriRequestOptions): Promise<void>;
    play(params: BridgesPlayParams, options?: AriRequestOptions): Promise<Playback>;
    playWithId(params: BridgesPlayWithIdParams, options?: AriRequestOptions): Promise<Playback>;
    record(params: BridgesRecordParams, options?: AriRequestOptions): Promise<LiveRecording>;
}

// BridgesClearVideoSourceParams
interface BridgesClearVideoSourceParams {
    bridgeId: string;
}

// BridgesCreateParams
interface BridgesCreateParams {
    type?: string;
    bridgeId?: string;
    name?: string;
    variables?: Record<string, string>;
}

// BridgesCreateWithIdParams
interface BridgesCreateWithIdParams {
    type?: string;
    bridgeId: string;
    name?: string;
    variables?: Record<string, string>;
}

// BridgesDestroyParams
interface BridgesDestroyParams {
    bridgeId: string;
}

// BridgesGetBridgeVarParams
interface BridgesGetBridgeVarParams {
    bridgeId: string;
    variable: string;
}

// BridgesGetBridgeVarsParams
interface BridgesGetBridgeVarsParams {
    bridgeId: string;
    variables: string | readonly string[];
}

// BridgesGetParams
interface BridgesGetParams {
    bridgeId: string;
}

// BridgesPlayParams
interface BridgesPlayParams {
    bridgeId: string;
    media: string | readonly string[];
    announcer_format?: string;
    lang?: string;
    offsetms?: number;
    skipms?: number;
    playbackId?: string;
}

// BridgesPlayWithIdParams
interface BridgesPlayWithIdParams {
    bridgeId: string;
    playbackId: string;
    media: string | readonly string[];
    announcer_format?: string;
    lang?: string;
    offsetms?: number;
    skipms?: number;
}

// BridgesRecordParams
interface BridgesRecordParams {
    bridgeId: string;
    name: string;
    format: string;
    recorder_format?: string;
    maxDurationSeconds?: number;
    maxSilenceSeconds?: number;
    ifExists?: 'fail' | 'overwrite' | 'append';
    beep?: boolean;
    terminateOn?: 'none' | 'any' | '*' | '#';
}

// BridgesRemoveChannelParams
interface BridgesRemoveChannelParams {
    bridgeId: string;
    channel: string | readonly string[];
}

// BridgesSetBridgeVarParams
interface BridgesSetBridgeVarParams {
    bridgeId: string;
    variable: string;
    value?: string;
    report_events?: boolean;
}

// BridgesSetBridgeVarsParams
interface BridgesSetBridgeVarsParams {
    bridgeId: string;
    variables: Record<string, string>;
}

// BridgesSetVideoSourceParams
interface BridgesSetVideoSourceParams {
    bridgeId: string;
    channelId: string;
}

// BridgesStartMohParams
interface BridgesStartMohParams {
    bridgeId: string;
    mohClass?: string;
}

// BridgesStopMohParams
interface BridgesStopMohParams {
    bridgeId: string;
}

// BridgeToOptions
interface BridgeToOptions {
    callerId?: string;
    ringTimeoutSeconds?: number;
    signal?: AbortSignal;
}

// BridgeVideoSourceChanged
interface BridgeVideoSourceChanged extends AriEventBase {
    type: 'BridgeVideoSourceChanged';
    bridge: Bridge;
    old_video_source_id?: string;
}

// BuildInfo
interface BuildInfo {
    os: string;
    kernel: string;
    options: string;
    machine: string;
    date: string;
    user: string;
}

// Call
declare class Call extends TypedEmitter<CallEvents> {
    #private;
    readonly id: string;
    readonly args: readonly string[];
    readonly assistantId: string;
    constructor(host: CallHost, channel: Channel, args: readonly string[]);
    get channel(): Channel;
    get caller(): Caller;
    get recordingUrl(): string | undefined;
    get ended(): CallEndReason | undefined;
    answer(): Promise<void>;
    ring(): Promise<void>;
    play(media: string | readonly string[], options?: PlayOptions): Promise<PlaybackResult>;
    stopPlayback(playbackId: string): Promise<void>;
    record(options?: RecordOptions): Promise<RecordResult>;
    collectDtmf(options?: CollectDtmfOptions): Promise<string>;
    clearDtmf(): void;
    hangup(reason?: 'normal' | 'busy' | 'congestion' | 'no_answer' | 'answered_elsewhere'): Promise<void>;
    setVariable(variable: string, value: string): Promise<void>;
    getVariable(variable: string): Promise<string | undefined>;
    bridgeTo(endpoint: string, options?: BridgeToOptions): Promise<BridgedLeg>;
    transfer(endpoint: string, options?: BridgeToOptions): Promise<BridgedLeg>;
    media(options?: CallMediaOptions): Promise<CallMedia>;
    snoop(options?: {
        spy?: 'none' | 'both' | 'out' | 'in';
        whisper?: 'none' | 'both' | 'out' | 'in';
    }): Promise<Channel>;
}

// CallBroadcast
interface CallBroadcast extends AriEventBase {
    type: 'CallBroadcast';
    channel: Channel;
    caller?: string;
    called?: string;
}

// CallClaimed
interface CallClaimed extends AriEventBase {
    type: 'CallClaimed';
    channel: Channel;
    winner_app: string;
}

// CallEndReason
type CallEndReason = 'hangup' | 'left' | 'lost' | 'stopped';

// Caller
interface Caller {
    name: string;
    number: string;
}

// CallerID
interface CallerID {
    name: string;
    number: string;
}

// CallEvents
interface CallEvents {
    dtmf: (digit: string, durationMs: number) => void;
    hangup: (cause: number | undefined) => void;
    end: (reason: CallEndReason) => void;
    event: (event: AriEvent) => void;
}

// CallHandler
type CallHandler = (call: Call) => void | Promise<void>;

// CallMedia
declare class CallMedia extends Duplex {
    #private;
    readonly format: MediaFormat;
    readonly sampleRate: number;
    readonly frameMs: number;
    readonly frameBytes: number;
    readonly transport: MediaTransport['kind'];
    constructor(init: CallMediaInit);
    get stats(): Readonly<CallMediaStats>;
    get queuedMs(): number;
    get endReason(): MediaEndReason | undefined;
    flush(): number;
    close(reason?: MediaEndReason, error?: Error): Promise<void>;
    get endError(): Error | undefined;
    _read(): void;
    _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void;
    _final(callback: (error?: Error | null) => void): void;
    _destroy(error: Error | null, callback: (error?: Error | null) => void): void;
}

// CallMediaOptions
interface CallMediaOptions {
    format?: MediaFormat;
    transport?: MediaTransportKind;
    maxQueueMs?: number;
    maxReadFrames?: number;
    sendSilence?: boolean;
    connectTimeoutMs?: number;
    listen?: MediaListen;
}

// CallMediaStats
interface CallMediaStats {
    framesIn: number;
    framesInDropped: number;
    framesOut: number;
    framesOutDropped: number;
    lateTicks: number;
    bytesFlushed: number;
}

// Channel
interface Channel {
    id: string;
    protocol_id: string;
    name: string;
    state: 'Down' | 'Rsrved' | 'OffHook' | 'Dialing' | 'Ring' | 'Ringing' | 'Up' | 'Busy' | 'Dialing Offhook' | 'Pre-ring' | 'Unknown';
    caller: CallerID;
    connected: CallerID;
    accountcode: string;
    dialplan: DialplanCEP;
    creationtime: string;
    language: string;
    channelvars?: Record<string, unknown>;
    caller_rdnis?: string;
    tenantid?: string;
}

// ChannelCallerId
interface ChannelCallerId extends AriEventBase {
    type: 'ChannelCallerId';
    caller_presentation: number;
    caller_presentation_txt: string;
    channel: Channel;
}

// ChannelConnectedLine
interface ChannelConnectedLine extends AriEventBase {
    type: 'ChannelConnectedLine';
    channel: Channel;
}

// ChannelCreated
interface ChannelCreated extends AriEventBase {
    type: 'ChannelCreated';
    channel: Channel;
}

// ChannelDestroyed
interface ChannelDestroyed extends AriEventBase {
    type: 'ChannelDestroyed';
    cause: number;
    cause_txt: string;
    tech_cause?: number;
    channel: Channel;
}

// ChannelDialplan
interface ChannelDialplan extends AriEventBase {
    type: 'ChannelDialplan';
    channel: Channel;
    dialplan_app: string;
    dialplan_app_data: string;
}

// ChannelDtmfReceived
interface ChannelDtmfReceived extends AriEventBase {
    type: 'ChannelDtmfReceived';
    digit: string;
    duration_ms: number;
    channel: Channel;
}

// ChannelEnteredBridge
interface ChannelEnteredBridge extends AriEventBase {
    type: 'ChannelEnteredBridge';
    bridge: Bridge;
    channel?: Channel;
}

// ChannelGoneError
declare class ChannelGoneError extends AriHttpError {
    readonly channelId: string;
    constructor(message: string, details: AriHttpErrorDetails & {
        channelId: string;
    }, options?: AipbxErrorOptions);
}

// ChannelHangupRequest
interface ChannelHangupRequest extends AriEventBase {
    type: 'ChannelHangupRequest';
    cause?: number;
    tech_cause?: number;
    soft?: boolean;
    channel: Channel;
}

// ChannelHold
interface ChannelHold extends AriEventBase {
    type: 'ChannelHold';
    channel: Channel;
    musicclass?: string;
}

// ChannelLeftBridge
interface ChannelLeftBridge extends AriEventBase {
    type: 'ChannelLeftBridge';
    bridge: Bridge;
    channel: Channel;
}

// ChannelsAnswerParams
interface ChannelsAnswerParams {
    channelId: string;
}

// ChannelsApi
interface ChannelsApi {
    list(options?: AriRequestOptions): Promise<Channel[]>;
    originate(params: ChannelsOriginateParams, options?: AriRequestOptions): Promise<Channel>;
    create(params: ChannelsCreateParams, options?: AriRequestOptions): Promise<Channel>;
    get(params: ChannelsGetParams, options?: AriRequestOptions): Promise<Channel>;
    originateWithId(params: ChannelsOriginateWithIdParams, options?: AriRequestOptions): Promise<Channel>;
    hangup(params: ChannelsHangupParams, options?: AriRequestOptions): Promise<void>;
    continueInDialplan(params: ChannelsContinueInDialplanParams, options?: AriRequestOptions): Promise<void>;
    move(params: ChannelsMoveParams, options?: AriRequestOptions): Promise<void>;
    redirect(params: ChannelsRedirectParams, options?: AriRequestOptions): Promise<void>;
    answer(params: ChannelsAnswerParams, options?: AriRequestOptions): Promise<void>;
    ring(params: ChannelsRingParams, options?: AriRequestOptions): Promise<void>;
    ringStop(params: ChannelsRingStopParams, options?: AriRequestOptions): Promise<void>;
    progress(params: ChannelsProgressParams, options?: AriRequestOptions): Promise<void>;
    sendDTMF(params: ChannelsSendDTMFParams, options?: AriRequestOptions): Promise<void>;
    mute(params: ChannelsMuteParams, options?: AriRequestOptions): Promise<void>;
    unmute(params: ChannelsUnmuteParams, options?: AriRequestOptions): Promise<void>;
    hold(params: ChannelsHoldParams, options?: AriRequestOptions): Promise<void>;
    unhold(params: ChannelsUnholdParams, options?: AriRequestOptions): Promise<void>;
    startMoh(params: ChannelsStartMohParams, options?: AriRequestOptions): Promise<void>;
    stopMoh(params: ChannelsStopMohParams, options?: AriRequestOptions): Promise<void>;
    startSilence(params: ChannelsStartSilenceParams, options?: AriRequestOptions): Promise<void>;
    stopSilence(params: ChannelsStopSilenceParams, options?: AriRequestOptions): Promise<void>;
    play(params: ChannelsPlayParams, options?: AriRequestOptions): Promise<Playback>;
    playWithId(params: ChannelsPlayWithIdParams, options?: AriRequestOptions): Promise<Playback>;
    record(params: ChannelsRecordParams, options?: AriRequestOptions): Promise<LiveRecording>;
    getChannelVar(params: ChannelsGetChannelVarParams, options?: AriRequestOptions): Promise<Variable>;
    setChannelVar(params: ChannelsSetChannelVarParams, options?: AriRequestOptions): Promise<void>;
    getChannelVars(params: ChannelsGetChannelVarsParams, options?: AriRequestOptions): Promise<Variables>;
    setChannelVars(params: ChannelsSetChannelVarsParams, options?: AriRequestOptions): Promise<void>;
    snoopChannel(params: ChannelsSnoopChannelParams, options?: AriRequestOptions): Promise<Channel>;
    snoopChannelWithId(params: ChannelsSnoopChannelWithIdParams, options?: AriRequestOptions): Promise<Channel>;
    dial(params: ChannelsDialParams, options?: AriRequestOptions): Promise<void>;
    rtpstatistics(params: ChannelsRtpstatisticsParams, options?: AriRequestOptions): Promise<RTPstat>;
    externalMedia(params: ChannelsExternalMediaParams, options?: AriRequestOptions): Promise<Channel>;
    transfer_progress(params: ChannelsTransferProgressParams, options?: AriRequestOptions): Promise<void>;
}

// ChannelsContinueInDialplanParams
interface ChannelsContinueInDialplanParams {
    channelId: string;
    context?: string;
    extension?: string;
    priority?: number;
    label?: string;
}

// ChannelsCreateParams
interface ChannelsCreateParams {
    endpoint: string;
    app: string;
    appArgs?: string;
    channelId?: string;
    otherChannelId?: string;
    originator?: string;
    formats?: string;
    variables?: Record<string, string>;
}

// ChannelsDialParams
interface ChannelsDialParams {
    channelId: string;
    caller?: string;
    timeout?: number;
}

// ChannelsExternalMediaParams
interface ChannelsExternalMediaParams {
    channelId?: string;
    app: string;
    variables?: Record<string, string>;
    external_host?: string;
    encapsulation?: 'rtp' | 'audiosocket' | 'none';
    transport?: 'udp' | 'tcp' | 'websocket';
    connection_type?: 'client' | 'server';
    format: string;
    direction?: 'both';
    data?: string;
    transport_data?: string;
}

// ChannelsGetChannelVarParams
interface ChannelsGetChannelVarParams {
    channelId: string;
    variable: string;
}

// ChannelsGetChannelVarsParams
interface ChannelsGetChannelVarsParams {
    channelId: string;
    variables: string | readonly string[];
}

// ChannelsGetParams
interface ChannelsGetParams {
    channelId: string;
}

// ChannelsHangupParams
interface ChannelsHangupParams {
    channelId: string;
    reason_code?: string;
    reason?: 'normal' | 'busy' | 'congestion' | 'no_answer' | 'timeout' | 'rejected' | 'unallocated' | 'normal_unspecified' | 'number_incomplete' | 'codec_mismatch' | 'interworking' | 'failure' | 'answered_elsewhere';
}

// ChannelsHoldParams
interface ChannelsHoldParams {
    channelId: string;
}

// ChannelsMoveParams
interface ChannelsMoveParams {
    channelId: string;
    app: string;
    appArgs?: string;
}

// ChannelsMuteParams
interface ChannelsMuteParams {
    channelId: string;
    direction?: 'both' | 'in' | 'out';
}

// ChannelsOriginateParams
interface ChannelsOriginateParams {
    endpoint: string;
    extension?: string;
    context?: string;
    priority?: number;
    label?: string;
    app?: string;
    appArgs?: string;
    callerId?: string;
    timeout?: number;
    variables?: Record<string, string>;
    channelId?: string;
    otherChannelId?: string;
    originator?: string;
    formats?: string;
}

// ChannelsOriginateWithIdParams
interface ChannelsOriginateWithIdParams {
    channelId: string;
    endpoint: string;
    extension?: string;
    context?: string;
    priority?: number;
    label?: string;
    app?: string;
    appArgs?: string;
    callerId?: string;
    timeout?: number;
    variables?: Record<string, string>;
    otherChannelId?: string;
    originator?: string;
    formats?: string;
}

// ChannelsPlayParams
interface ChannelsPlayParams {
    channelId: string;
    media: string | readonly string[];
    lang?: string;
    offsetms?: number;
    skipms?: number;
    playbackId?: string;
}

// ChannelsPlayWithIdParams
interface ChannelsPlayWithIdParams {
    channelId: string;
    playbackId: string;
    media: string | readonly string[];
    lang?: string;
    offsetms?: number;
    skipms?: number;
}

// ChannelsProgressParams
interface ChannelsProgressParams {
    channelId: string;
}

// ChannelsRecordParams
interface ChannelsRecordParams {
    channelId: string;
    name: string;
    format: string;
    maxDurationSeconds?: number;
    maxSilenceSeconds?: number;
    ifExists?: 'fail' | 'overwrite' | 'append';
    beep?: boolean;
    terminateOn?: 'none' | 'any' | '*' | '#';
}

// ChannelsRedirectParams
interface ChannelsRedirectParams {
    channelId: string;
    endpoint: string;
}

// ChannelsRingParams
interface ChannelsRingParams {
    channelId: string;
}

// ChannelsRingStopParams
interface ChannelsRingStopParams {
    channelId: string;
}

// ChannelsRtpstatisticsParams
interface ChannelsRtpstatisticsParams {
    channelId: string;
}

// ChannelsSendDTMFParams
interface ChannelsSendDTMFParams {
    channelId: string;
    dtmf?: string;
    before?: number;
    between?: number;
    duration?: number;
    after?: number;
}

// ChannelsSetChannelVarParams
interface ChannelsSetChannelVarParams {
    channelId: string;
    variable: string;
    value?: string;
    report_events?: boolean;
}

// ChannelsSetChannelVarsParams
interface ChannelsSetChannelVarsParams {
    channelId: string;
    variables: Record<string, string>;
}

// ChannelsSnoopChannelParams
interface ChannelsSnoopChannelParams {
    channelId: string;
    spy?: 'none' | 'both' | 'out' | 'in';
    whisper?: 'none' | 'both' | 'out' | 'in';
    app: string;
    appArgs?: string;
    snoopId?: string;
}

// ChannelsSnoopChannelWithIdParams
interface ChannelsSnoopChannelWithIdParams {
    channelId: string;
    snoopId: string;
    spy?: 'none' | 'both' | 'out' | 'in';
    whisper?: 'none' | 'both' | 'out' | 'in';
    app: string;
    appArgs?: string;
}

// ChannelsStartMohParams
interface ChannelsStartMohParams {
    channelId: string;
    mohClass?: string;
}

// ChannelsStartSilenceParams
interface ChannelsStartSilenceParams {
    channelId: string;
}

// ChannelsStopMohParams
interface ChannelsStopMohParams {
    channelId: string;
}

// ChannelsStopSilenceParams
interface ChannelsStopSilenceParams {
    channelId: string;
}

// ChannelStateChange
interface ChannelStateChange extends AriEventBase {
    type: 'ChannelStateChange';
    channel: Channel;
}

// ChannelsTransferProgressParams
interface ChannelsTransferProgressParams {
    channelId: string;
    states: string;
}

// ChannelsUnholdParams
interface ChannelsUnholdParams {
    channelId: string;
}

// ChannelsUnmuteParams
interface ChannelsUnmuteParams {
    channelId: string;
    direction?: 'both' | 'in' | 'out';
}

// ChannelTalkingFinished
interface ChannelTalkingFinished extends AriEventBase {
    type: 'ChannelTalkingFinished';
    channel: Channel;
    duration: number;
}

// ChannelTalkingStarted
interface ChannelTalkingStarted extends AriEventBase {
    type: 'ChannelTalkingStarted';
    channel: Channel;
}

// ChannelToneDetected
interface ChannelToneDetected extends AriEventBase {
    type: 'ChannelToneDetected';
    channel: Channel;
}

// ChannelTransfer
interface ChannelTransfer extends AriEventBase {
    type: 'ChannelTransfer';
    state?: string;
    refer_to: ReferTo;
    referred_by: ReferredBy;
}

// ChannelUnhold
interface ChannelUnhold extends AriEventBase {
    type: 'ChannelUnhold';
    channel: Channel;
}

// ChannelUserevent
interface ChannelUserevent extends AriEventBase {
    type: 'ChannelUserevent';
    eventname: string;
    channel?: Channel;
    bridge?: Bridge;
    endpoint?: Endpoint;
    userevent: Record<string, unknown>;
}

// ChannelVarset
interface ChannelVarset extends AriEventBase {
    type: 'ChannelVarset';
    variable: string;
    value: string;
    channel?: Channel;
}

// CollectDtmfOptions
interface CollectDtmfOptions {
    max?: number;
    terminator?: string;
    timeoutMs?: number;
    interDigitTimeoutMs?: number;
    signal?: AbortSignal;
}

// ConfigInfo
interface ConfigInfo {
    name: string;
    default_language: string;
    max_channels?: number;
    max_open_files?: number;
    max_load?: number;
    setid: SetId;
}

// ConfigTuple
interface ConfigTuple {
    attribute: string;
    value: string;
}

// ContactInfo
interface ContactInfo {
    uri: string;
    contact_status: 'Unreachable' | 'Reachable' | 'Unknown' | 'NonQualified' | 'Removed';
    aor: string;
    roundtrip_usec?: string;
}

// ContactStatusChange
interface ContactStatusChange extends AriEventBase {
    type: 'ContactStatusChange';
    endpoint: Endpoint;
    contact_info: ContactInfo;
}

// DeviceState
interface DeviceState {
    name: string;
    state: 'UNKNOWN' | 'NOT_INUSE' | 'INUSE' | 'BUSY' | 'INVALID' | 'UNAVAILABLE' | 'RINGING' | 'RINGINUSE' | 'ONHOLD';
}

// DeviceStateChanged
interface DeviceStateChanged extends AriEventBase {
    type: 'DeviceStateChanged';
    device_state: DeviceState;
}

// DeviceStatesApi
interface DeviceStatesApi {
    list(options?: AriRequestOptions): Promise<DeviceState[]>;
    get(params: DeviceStatesGetParams, options?: AriRequestOptions): Promise<DeviceState>;
    update(params: DeviceStatesUpdateParams, options?: AriRequestOptions): Promise<void>;
    delete(params: DeviceStatesDeleteParams, options?: AriRequestOptions): Promise<void>;
}

// DeviceStatesDeleteParams
interface DeviceStatesDeleteParams {
    deviceName: string;
}

// DeviceStatesGetParams
interface DeviceStatesGetParams {
    deviceName: string;
}

// DeviceStatesUpdateParams
interface DeviceStatesUpdateParams {
    deviceName: string;
    deviceState: 'NOT_INUSE' | 'INUSE' | 'BUSY' | 'INVALID' | 'UNAVAILABLE' | 'RINGING' | 'RINGINUSE' | 'ONHOLD';
}

// Dial
interface Dial extends AriEventBase {
    type: 'Dial';
    caller?: Channel;
    peer: Channel;
    forward?: string;
    forwarded?: Channel;
    dialstring?: string;
    dialstatus: string;
}

// Dialed
interface Dialed {
}

// DialplanCEP
interface DialplanCEP {
    context: string;
    exten: string;
    priority: number;
    app_name: string;
    app_data: string;
}

// Endpoint
interface Endpoint {
    technology: string;
    resource: string;
    state?: 'unknown' | 'offline' | 'online';
    channel_ids: string[];
}

// EndpointsApi
interface EndpointsApi {
    list(options?: AriRequestOptions): Promise<Endpoint[]>;
    sendMessage(params: EndpointsSendMessageParams, options?: AriRequestOptions): Promise<void>;
    refer(params: EndpointsReferParams, options?: AriRequestOptions): Promise<void>;
    listByTech(params: EndpointsListByTechParams, options?: AriRequestOptions): Promise<Endpoint[]>;
    get(params: EndpointsGetParams, options?: AriRequestOptions): Promise<Endpoint>;
    sendMessageToEndpoint(params: EndpointsSendMessageToEndpointParams, options?: AriRequestOptions): Promise<void>;
    referToEndpoint(params: EndpointsReferToEndpointParams, options?: AriRequestOptions): Promise<void>;
}

// EndpointsGetParams
interface EndpointsGetParams {
    tech: string;
    resource: string;
}

// EndpointsListByTechParams
interface EndpointsListByTechParams {
    tech: string;
}

// EndpointsReferParams
interface EndpointsReferParams {
    to: string;
    from: string;
    refer_to: string;
    to_self?: boolean;
    variables?: Record<string, string>;
}

// EndpointsReferToEndpointParams
interface EndpointsReferToEndpointParams {
    tech: string;
    resource: string;
    from: string;
    refer_to: string;
    to_self?: boolean;
    variables?: Record<string, string>;
}

// EndpointsSendMessageParams
interface EndpointsSendMessageParams {
    to: string;
    from: string;
    body?: string;
    variables?: Record<string, string>;
}

// EndpointsSendMessageToEndpointParams
interface EndpointsSendMessageToEndpointParams {
    tech: string;
    resource: string;
    from: string;
    body?: string;
    variables?: Record<string, string>;
}

// EndpointStateChange
interface EndpointStateChange extends AriEventBase {
    type: 'EndpointStateChange';
    endpoint: Endpoint;
}

// EventsApi
interface EventsApi {
    userEvent(params: EventsUserEventParams, options?: AriRequestOptions): Promise<void>;
    claimChannel(params: EventsClaimChannelParams, options?: AriRequestOptions): Promise<void>;
}

// EventsClaimChannelParams
interface EventsClaimChannelParams {
    channelId: string;
    application: string;
}

// EventsSocketState
type EventsSocketState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closing' | 'closed';

// EventsUserEventParams
interface EventsUserEventParams {
    eventName: string;
    application: string;
    source?: string | readonly string[];
    variables?: Record<string, string>;
}

// FormatLangPair
interface FormatLangPair {
    language: string;
    format: string;
}

// FRAME_MS
declare const FRAME_MS = 20;

// LiveRecording
interface LiveRecording {
    name: string;
    format: string;
    target_uri: string;
    state: 'queued' | 'recording' | 'paused' | 'done' | 'failed' | 'canceled';
    duration?: number;
    talking_duration?: number;
    silence_duration?: number;
    cause?: string;
}

// LogChannel
interface LogChannel {
    channel: string;
    type: string;
    status: string;
    configuration: string;
}

// Mailbox
interface Mailbox {
    name: string;
    old_messages: number;
    new_messages: number;
}

// MailboxesApi
interface MailboxesApi {
    list(options?: AriRequestOptions): Promise<Mailbox[]>;
    get(params: MailboxesGetParams, options?: AriRequestOptions): Promise<Mailbox>;
    update(params: MailboxesUpdateParams, options?: AriRequestOptions): Promise<void>;
    delete(params: MailboxesDeleteParams, options?: AriRequestOptions): Promise<void>;
}

// MailboxesDeleteParams
interface MailboxesDeleteParams {
    mailboxName: string;
}

// MailboxesGetParams
interface MailboxesGetParams {
    mailboxName: string;
}

// MailboxesUpdateParams
interface MailboxesUpdateParams {
    mailboxName: string;
    oldMessages: number;
    newMessages: number;
}

// MEDIA_FORMATS
declare const MEDIA_FORMATS: Readonly<Record<MediaFormat, MediaFormatInfo>>;

// MediaEndReason
type MediaEndReason = 'hangup' | 'closed' | 'transport' | 'stopped';

// MediaFormat
type MediaFormat = 'slin16' | 'slin' | 'ulaw' | 'alaw';

// MediaFormatInfo
interface MediaFormatInfo {
    readonly format: MediaFormat;
    readonly sampleRate: number;
    readonly bytesPerSample: number;
    readonly frameMs: number;
    readonly frameBytes: number;
    readonly silence: Buffer;
}

// MediaListen
interface MediaListen {
    host: string;
    advertise?: string;
    portMin: number;
    portMax: number;
}

// MediaTransportKind
type MediaTransportKind = 'websocket' | 'audiosocket' | 'rtp';

// MissingParams
interface MissingParams {
    type: 'MissingParams';
    asterisk_id?: string;
    params: string[];
}

// Module
interface Module {
    name: string;
    description: string;
    use_count: number;
    status: string;
    support_level: string;
}

// Peer
interface Peer {
    peer_status: string;
    cause?: string;
    address?: string;
    port?: string;
    time?: string;
}

// PeerStatusChange
interface PeerStatusChange extends AriEventBase {
    type: 'PeerStatusChange';
    endpoint: Endpoint;
    peer: Peer;
}

// Playback
interface Playback {
    id: string;
    media_uri: string;
    next_media_uri?: string;
    target_uri: string;
    language?: string;
    state: 'queued' | 'playing' | 'continuing' | 'done' | 'failed';
}

// PlaybackContinuing
interface PlaybackContinuing extends AriEventBase {
    type: 'PlaybackContinuing';
    playback: Playback;
}

// PlaybackFinished
interface PlaybackFinished extends AriEventBase {
    type: 'PlaybackFinished';
    playback: Playback;
}

// PlaybackOutcome
type PlaybackOutcome = 'done' | 'failed' | 'stopped' | 'hangup';

// PlaybackResult
interface PlaybackResult {
    id: string;
    outcome: PlaybackOutcome;
}

// PlaybacksApi
interface PlaybacksApi {
    get(params: PlaybacksGetParams, options?: AriRequestOptions): Promise<Playback>;
    stop(params: PlaybacksStopParams, options?: AriRequestOptions): Promise<void>;
    control(params: PlaybacksControlParams, options?: AriRequestOptions): Promise<void>;
}

// PlaybacksControlParams
interface PlaybacksControlParams {
    playbackId: string;
    operation: 'restart' | 'pause' | 'unpause' | 'reverse' | 'forward';
}

// PlaybacksGetParams
interface PlaybacksGetParams {
    playbackId: string;
}

// PlaybacksStopParams
interface PlaybacksStopParams {
    playbackId: string;
}

// PlaybackStarted
interface PlaybackStarted extends AriEventBase {
    type: 'PlaybackStarted';
    playback: Playback;
}

// PlayOptions
interface PlayOptions {
    id?: string;
    lang?: string;
    signal?: AbortSignal;
}

// PoolCallHandler
type PoolCallHandler = (call: Call, pbx: PoolMember) => void | Promise<void>;

// PoolMember
interface PoolMember {
    readonly name: string;
    readonly client: AriClient;
}

// PoolPbx
interface PoolPbx extends Omit<AriClientOptions, 'logger'> {
    name: string;
}

// PoolPbxState
type PoolPbxState = 'up' | 'down';

// RecordingFailed
interface RecordingFailed extends AriEventBase {
    type: 'RecordingFailed';
    recording: LiveRecording;
}

// RecordingFinished
interface RecordingFinished extends AriEventBase {
    type: 'RecordingFinished';
    recording: LiveRecording;
}

// RecordingsApi
interface RecordingsApi {
    listStored(options?: AriRequestOptions): Promise<StoredRecording[]>;
    getStored(params: RecordingsGetStoredParams, options?: AriRequestOptions): Promise<StoredRecording>;
    deleteStored(params: RecordingsDeleteStoredParams, options?: AriRequestOptions): Promise<void>;
    getStoredFile(params: RecordingsGetStoredFileParams, options?: AriRequestOptions): Promise<Uint8Array>;
    copyStored(params: RecordingsCopyStoredParams, options?: AriRequestOptions): Promise<StoredRecording>;
    getLive(params: RecordingsGetLiveParams, options?: AriRequestOptions): Promise<LiveRecording>;
    cancel(params: RecordingsCancelParams, options?: AriRequestOptions): Promise<void>;
    stop(params: RecordingsStopParams, options?: AriRequestOptions): Promise<void>;
    pause(params: RecordingsPauseParams, options?: AriRequestOptions): Promise<void>;
    unpause(params: RecordingsUnpauseParams, options?: AriRequestOptions): Promise<void>;
    mute(params: RecordingsMuteParams, options?: AriRequestOptions): Promise<void>;
    unmute(params: RecordingsUnmuteParams, options?: AriRequestOptions): Promise<void>;
}

// RecordingsCancelParams
interface RecordingsCancelParams {
    recordingName: string;
}

// RecordingsCopyStoredParams
interface RecordingsCopyStoredParams {
    recordingName: string;
    destinationRecordingName: string;
}

// RecordingsDeleteStoredParams
interface RecordingsDeleteStoredParams {
    recordingName: string;
}

// RecordingsGetLiveParams
interface RecordingsGetLiveParams {
    recordingName: string;
}

// RecordingsGetStoredFileParams
interface RecordingsGetStoredFileParams {
    recordingName: string;
}

// RecordingsGetStoredParams
interface RecordingsGetStoredParams {
    recordingName: string;
}

// RecordingsMuteParams
interface RecordingsMuteParams {
    recordingName: string;
}

// RecordingsPauseParams
interface RecordingsPauseParams {
    recordingName: string;
}

// RecordingsStopParams
interface RecordingsStopParams {
    recordingName: string;
}

// RecordingStarted
interface RecordingStarted extends AriEventBase {
    type: 'RecordingStarted';
    recording: LiveRecording;
}

// RecordingsUnmuteParams
interface RecordingsUnmuteParams {
    recordingName: string;
}

// RecordingsUnpauseParams
interface RecordingsUnpauseParams {
    recordingName: string;
}

// RecordOptions
interface RecordOptions {
    name?: string;
    format?: string;
    maxDurationSeconds?: number;
    maxSilenceSeconds?: number;
    beep?: boolean;
    terminateOn?: 'none' | 'any' | '*' | '#';
    ifExists?: 'fail' | 'overwrite' | 'append';
    signal?: AbortSignal;
}

// RecordOutcome
type RecordOutcome = 'done' | 'failed' | 'canceled' | 'hangup';

// RecordResult
interface RecordResult {
    name: string;
    format: string;
    outcome: RecordOutcome;
    durationSeconds: number | undefined;
    recording: LiveRecording | undefined;
}

// ReferredBy
interface ReferredBy {
    source_channel: Channel;
    connected_channel?: Channel;
    bridge?: Bridge;
}

// ReferTo
interface ReferTo {
    requested_destination: RequiredDestination;
    destination_channel?: Channel;
    connected_channel?: Channel;
    bridge?: Bridge;
}

// RequiredDestination
interface RequiredDestination {
    protocol_id?: string;
    destination?: string;
    additional_protocol_params?: AdditionalParam[];
}

// RESTHeader
interface RESTHeader {
    name: string;
    value: string;
}

// RESTQueryStringParameter
interface RESTQueryStringParameter {
    name: string;
    value: string;
}

// RESTRequest
interface RESTRequest {
    type: string;
    transaction_id: string;
    request_id: string;
    method: string;
    uri: string;
    content_type?: string;
    query_strings?: RESTQueryStringParameter[];
    message_body?: string;
}

// RESTResponse
interface RESTResponse extends AriEventBase {
    type: 'RESTResponse';
    transaction_id: string;
    request_id: string;
    status_code: number;
    reason_phrase: string;
    uri: string;
    content_type?: string;
    message_body?: string;
}

// RTPstat
interface RTPstat {
    txcount: number;
    rxcount: number;
    txjitter?: number;
    rxjitter?: number;
    remote_maxjitter?: number;
    remote_minjitter?: number;
    remote_normdevjitter?: number;
    remote_stdevjitter?: number;
    local_maxjitter?: number;
    local_minjitter?: number;
    local_normdevjitter?: number;
    local_stdevjitter?: number;
    txploss: number;
    rxploss: number;
    remote_maxrxploss?: number;
    remote_minrxploss?: number;
    remote_normdevrxploss?: number;
    remote_stdevrxploss?: number;
    local_maxrxploss?: number;
    local_minrxploss?: number;
    local_normdevrxploss?: number;
    local_stdevrxploss?: number;
    rtt?: number;
    maxrtt?: number;
    minrtt?: number;
    normdevrtt?: number;
    stdevrtt?: number;
    local_ssrc: number;
    remote_ssrc: number;
    txoctetcount: number;
    rxoctetcount: number;
    channel_uniqueid: string;
}

// SetId
interface SetId {
    user: string;
    group: string;
}

// Sound
interface Sound {
    id: string;
    text?: string;
    formats: FormatLangPair[];
}

// SoundsApi
interface SoundsApi {
    list(params?: SoundsListParams, options?: AriRequestOptions): Promise<Sound[]>;
    get(params: SoundsGetParams, options?: AriRequestOptions): Promise<Sound>;
}

// SoundsGetParams
interface SoundsGetParams {
    soundId: string;
}

// SoundsListParams
interface SoundsListParams {
    lang?: string;
    format?: string;
}

// StasisApp
declare class StasisApp extends TypedEmitter<StasisAppEvents> {
    #private;
    readonly name: string;
    constructor(api: AriApi & {
        readonly address: string;
    }, name: string, options: StasisAppOptions, link: AppLink);
    get running(): boolean;
    get calls(): ReadonlyMap<string, Call>;
    onCall(handler: CallHandler): this;
    start(): Promise<void>;
    stop(): Promise<void>;
}

// StasisAppEvents
interface StasisAppEvents {
    call: (call: Call) => void;
    callEnd: (call: Call, reason: CallEndReason) => void;
    resync: (state: StasisResync) => void;
    error: (error: Error, call?: Call) => void;
    event: (event: AriEvent) => void;
}

// StasisAppOptions
interface StasisAppOptions {
    recordings?: {
        pbxAddress?: string;
        format?: RecordingFormat;
    } | false;
    ringTimeoutSeconds?: number;
}

// StasisEnd
interface StasisEnd extends AriEventBase {
    type: 'StasisEnd';
    channel: Channel;
}

// StasisResync
interface StasisResync {
    channels: readonly string[];
    bridges: readonly string[];
    ended: readonly Call[];
}

// StasisStart
interface StasisStart extends AriEventBase {
    type: 'StasisStart';
    args: string[];
    channel: Channel;
    replace_channel?: Channel;
}

// StatusInfo
interface StatusInfo {
    startup_time: string;
    last_reload_time: string;
}

// StoredRecording
interface StoredRecording {
    name: string;
    format: string;
}

// SystemInfo
interface SystemInfo {
    version: string;
    entity_id: string;
}

// TextMessage
interface TextMessage {
    from: string;
    to: string;
    body: string;
    variables?: Record<string, unknown>;
}

// TextMessageReceived
interface TextMessageReceived extends AriEventBase {
    type: 'TextMessageReceived';
    message: TextMessage;
    endpoint?: Endpoint;
}

// Variable
interface Variable {
    value: string;
}

// Variables
interface Variables {
    variables: Record<string, unknown>;
}
