package io.mtce.agent.internal;

/**
 * The pxeboot mtcAlive loss FSM of the C++ agent (START, SEND, MONITOR, WAIT, CHECK, FAIL), for one host. Pure: it
 * is fed the pxeboot sequence numbers seen and ticked once per monitor period (each tick is the expiry of the C++
 * monitor timer), and says what to do. With the default thresholds (6 misses, 2 losses) and a 10 s period the alarm
 * is raised after 12 missed checks (about 2 min) and cleared after about 1 min of good messages.
 */
final class PxebootMonitor {

    enum Stage { START, SEND, MONITOR, WAIT, CHECK, FAIL }

    enum AlarmChange { NONE, RAISED, CLEARED }

    /**
     * What one tick decided.
     *
     * @param sendRequest      send MTC_REQ_MTCALIVE on pxeboot
     * @param alarm            whether alarm 200.003 was raised or cleared
     * @param lossesLeft       after a loss that did not raise the alarm: how many more raise it; else -1
     */
    record Step(boolean sendRequest, AlarmChange alarm, int lossesLeft) {
        static final Step IDLE = new Step(false, AlarmChange.NONE, -1);
    }

    private final int missThreshold;
    private final int lossThreshold;
    private Stage stage = Stage.START;
    private long sequence;
    private long savedSequence;
    private int misses;
    private int losses;
    private boolean alarm;

    PxebootMonitor(int missThreshold, int lossThreshold) {
        this.missThreshold = missThreshold;
        this.lossThreshold = lossThreshold;
    }

    /** A pxeboot mtcAlive with {@code seq} arrived. */
    void observed(long seq) {
        sequence = seq;
    }

    /** One monitor period has passed. */
    Step tick() {
        boolean send = false;
        AlarmChange change = AlarmChange.NONE;
        int lossesLeft = -1;
        if (stage == Stage.WAIT) {
            stage = Stage.CHECK;
        }
        while (stage != Stage.WAIT) {
            switch (stage) {
                case START -> {
                    sequence = 0;
                    savedSequence = 0;
                    stage = Stage.SEND;
                }
                case SEND -> {
                    send = true;
                    stage = Stage.MONITOR;
                }
                case MONITOR -> {
                    savedSequence = sequence;
                    stage = Stage.WAIT;
                }
                case CHECK -> {
                    if (sequence > savedSequence) {
                        if (misses > 0) {
                            if (losses > 0 && !alarm) {
                                misses = missThreshold;
                                losses = 0;
                            }
                            misses--;
                        } else {
                            if (alarm) {
                                alarm = false;
                                change = AlarmChange.CLEARED;
                            }
                            losses = 0;
                        }
                        stage = Stage.MONITOR;
                    } else {
                        // No new message, or a lower sequence (the client restarted): a miss.
                        misses = Math.min(misses + 1, missThreshold);
                        stage = misses < missThreshold ? Stage.SEND : Stage.FAIL;
                    }
                }
                case FAIL -> {
                    if (!alarm) {
                        losses++;
                    }
                    if (losses < lossThreshold) {
                        lossesLeft = lossThreshold - losses;
                        misses = 0;
                    } else if (!alarm) {
                        alarm = true;
                        change = AlarmChange.RAISED;
                    }
                    stage = Stage.START;
                }
                default -> throw new IllegalStateException("stage " + stage);
            }
        }
        return send || change != AlarmChange.NONE || lossesLeft >= 0 ? new Step(send, change, lossesLeft)
                : Step.IDLE;
    }

    /**
     * The host is not to be monitored now: back to START. With {@code clearAlarm} (the host is locked) the alarm is
     * cleared and the counts start afresh; otherwise (e.g. an unlock in progress) they are kept.
     */
    Step skip(boolean clearAlarm) {
        stage = Stage.START;
        if (!clearAlarm) {
            return Step.IDLE;
        }
        misses = 0;
        losses = 0;
        if (alarm) {
            alarm = false;
            return new Step(false, AlarmChange.CLEARED, -1);
        }
        return Step.IDLE;
    }

    /**
     * The alarm was found raised in the fault manager at start-up: take it as raised, with the miss and loss counts
     * at their thresholds, as the C++ agent loads them, so that it clears after the usual run of good messages and
     * further losses do not raise it again.
     */
    void restoreAlarm() {
        alarm = true;
        losses = lossThreshold;
        misses = missThreshold;
    }

    boolean alarmRaised() {
        return alarm;
    }

    Stage stage() {
        return stage;
    }

    int misses() {
        return misses;
    }

    int losses() {
        return losses;
    }
}
