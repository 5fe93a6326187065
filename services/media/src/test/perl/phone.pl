#!/usr/bin/perl
# A real SIP phone for MediaSipIT (Debian libnet-sip-perl): calls the test's user agent, sends
# RTP from a raw PCMU file (looped), records the RTP it receives to a raw PCMU file, sends DTMF
# after a delay, prints every DTMF event it receives, and hangs up.
#
# phone.pl <local sip port> <callee uri> <input.pcmu> <output.pcmu> <dtmf> <rfc2833|audio> \
#          <seconds before dtmf> <seconds in call>
use strict;
use warnings;
use Net::SIP;

$| = 1;
my ($port, $callee, $input, $output, $digits, $method, $before, $hold) = @ARGV;
die "usage: phone.pl port callee input output dtmf method before hold\n" unless defined $hold;

my $ua = Net::SIP::Simple->new(
    leg  => "127.0.0.1:$port",
    from => "sip:phone$port\@127.0.0.1",
);
my $established = 0;
my $call = $ua->invite($callee,
    init_media => $ua->rtp('send_recv', $input, -1, $output),
    cb_final   => sub { my ($status) = @_; $established = ($status eq 'OK') ? 1 : -1 },
    cb_dtmf    => sub { my ($event, $duration) = @_; print "received-dtmf $event\n" },
    recv_bye   => sub { print "received-bye\n" },
) or die "invite failed: " . ($ua->error || 'unknown') . "\n";
$ua->loop(10, \$established);
die "call not established\n" unless $established == 1;
print "established\n";

$ua->loop($before);
if ($digits ne '-') {
    $call->dtmf($digits, methods => $method, duration => 120);
    print "sent-dtmf $digits\n";
}
$ua->loop($hold);
my $closed = 0;
$call->bye(cb_final => sub { $closed = 1 });
$ua->loop(3, \$closed);
print "hung-up\n";
