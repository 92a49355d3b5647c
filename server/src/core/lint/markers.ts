/** Source files are linted only when they contain one of these (the ways a service config is passed in code). */
export const SERVICE_CONFIG_MARKERS: readonly string[] = ['grpc.service_config', 'WithDefaultServiceConfig'];
