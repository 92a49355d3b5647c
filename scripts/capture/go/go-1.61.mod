module grpcdoctor/capture

go 1.26.0

require (
	github.com/sirupsen/logrus v1.10.2
	go.uber.org/zap v1.28.0
	google.golang.org/grpc v1.61.1
	google.golang.org/protobuf v1.36.12
)

require (
	github.com/golang/protobuf v1.5.3 // indirect
	go.uber.org/multierr v1.10.0 // indirect
	golang.org/x/net v0.60.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.42.0 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20260817212433-ac3dfec99bb1 // indirect
)
